// Freely licensed music that Debian packages ship (game soundtracks), with who made each file and under which
// licence, read from the package's machine-readable copyright file (DEP-5: /usr/share/doc/PKG/copyright).
// DEP-5 names files by their path in the upstream source ("data/wav/*"), while dpkg installs them elsewhere
// ("/usr/share/games/chromium-bsu/wav/…"): a pattern is matched against the tail of the installed path, with
// its own leading folders dropped as needed, and the most specific match wins (the later stanza on a tie, as
// DEP-5 says).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { isAudioName } from "./scan.ts";

export interface CopyrightStanza {
  files: string[];
  copyright: string;
  license: string;
}

export interface DebianCopyright {
  upstreamName: string | null;
  stanzas: CopyrightStanza[];
}

/** Parses a DEP-5 copyright file: its header's Upstream-Name and every Files stanza. */
export function parseDebianCopyright(text: string): DebianCopyright {
  const paragraphs = text.split(/\n\s*\n/);
  let upstreamName: string | null = null;
  const stanzas: CopyrightStanza[] = [];
  for (const paragraph of paragraphs) {
    const fields = new Map<string, string>();
    let current: string | null = null;
    for (const line of paragraph.split("\n")) {
      const field = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$/.exec(line);
      if (field) {
        current = field[1]!.toLowerCase();
        fields.set(current, field[2]!.trim());
      } else if (current && /^\s/.test(line)) {
        // Continuation lines; " ." stands for an empty line inside a licence text.
        const more = line.trim() === "." ? "" : line.trim();
        fields.set(current, `${fields.get(current)}\n${more}`.replace(/^\n/, ""));
      }
    }
    if (fields.has("upstream-name")) upstreamName = fields.get("upstream-name")!;
    if (fields.has("files")) {
      stanzas.push({
        files: fields.get("files")!.split(/\s+/).filter(Boolean),
        copyright: (fields.get("copyright") ?? "").split("\n").map((l) => l.trim()).filter(Boolean).join("; "),
        // The short name: the first line of the License field.
        license: (fields.get("license") ?? "").split("\n")[0]!.trim(),
      });
    }
  }
  return { upstreamName, stanzas };
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}

/**
 * The stanza covering an installed file: each pattern (and each of its tails) against each tail of the path;
 * specificity is the number of path segments a pattern pins down without a wildcard.
 */
export function stanzaFor(copyright: DebianCopyright, installedPath: string): CopyrightStanza | null {
  const pathParts = installedPath.split("/").filter(Boolean);
  let best: { stanza: CopyrightStanza; score: number } | null = null;
  for (const stanza of copyright.stanzas) {
    for (const pattern of stanza.files) {
      const patternParts = pattern.split("/").filter(Boolean);
      for (let drop = 0; drop < patternParts.length; drop++) {
        const tail = patternParts.slice(drop);
        const regex = globToRegExp(tail.join("/"));
        const literal = tail.filter((part) => !/[*?]/.test(part)).length;
        // Dropping folders must leave something that names files: "debian/*" is not "*".
        if (drop > 0 && literal === 0) continue;
        // A bare "*" covers everything; otherwise the pattern must cover as many trailing segments as it has.
        const candidates = tail.length === 1 && tail[0] === "*" ? [pathParts.join("/")] : [pathParts.slice(-tail.length).join("/")];
        if (candidates.some((candidate) => regex.test(candidate)) && (!best || literal >= best.score)) {
          best = { stanza, score: literal };
        }
      }
    }
  }
  return best?.stanza ?? null;
}

export interface PackagedTrack {
  /** Installed path. */
  path: string;
  package: string;
  upstreamName: string | null;
  copyright: string;
  license: string;
}

/** The audio files an installed Debian package ships, each with its copyright holder and licence. */
export function packagedTracks(pkg: string): PackagedTrack[] {
  const files = execFileSync("dpkg", ["-L", pkg], { encoding: "utf8" }).split("\n").filter((f) => isAudioName(f));
  const copyright = parseDebianCopyright(readFileSync(`/usr/share/doc/${pkg}/copyright`, "utf8"));
  return files.sort().map((path) => {
    const stanza = stanzaFor(copyright, path);
    return { path, package: pkg, upstreamName: copyright.upstreamName, copyright: stanza?.copyright ?? "", license: stanza?.license ?? "" };
  });
}
