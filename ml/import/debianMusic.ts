// Who made a file a Debian package installs, and under which licence, from the package's copyright file
// (/usr/share/doc/PKG/copyright): for the music demo's attribution page. Machine-readable copyright files
// (DEP-5: stanzas of Files / Copyright / License, the last stanza whose Files pattern matches winning) are
// matched against the installed path; a free-form file gives its first "Copyright …" line and no licence name.
import { readFileSync } from "node:fs";

export interface DebianCredit {
  /** The Copyright field (holders and years), lines joined by "; ". */
  copyright: string | null;
  /** The License field's short name (e.g. "Expat", "GPL-2+"), null for a free-form file. */
  license: string | null;
}

interface Stanza {
  fields: Map<string, string>;
}

/** RFC 822-style stanzas: "Field: value" with continuation lines that start with white space. */
export function parseStanzas(text: string): Stanza[] {
  const stanzas: Stanza[] = [];
  let current: Map<string, string> | null = null;
  let last: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === "") {
      if (current) stanzas.push({ fields: current });
      current = null;
      last = null;
      continue;
    }
    if (/^\s/.test(line)) {
      if (current && last) current.set(last, `${current.get(last)}\n${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    current ??= new Map();
    last = line.slice(0, colon).trim().toLowerCase();
    current.set(last, line.slice(colon + 1).trim());
  }
  if (current) stanzas.push({ fields: current });
  return stanzas;
}

function globToRegExp(glob: string): RegExp {
  const source = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`);
}

/**
 * Whether a Files pattern (a path in the source package) names `installed` (a path on this machine): the
 * pattern's last parts must match the installed path's last parts, keeping at least one folder name unless the
 * pattern is a bare name or "*" (so "data/wav/*" names /usr/share/games/x/wav/song.wav, "debian/*" does not).
 */
export function patternNames(pattern: string, installed: string): boolean {
  const parts = pattern.split("/").filter((p) => p !== "");
  const path = installed.split("/").filter((p) => p !== "");
  const least = parts.length === 1 ? 1 : 2;
  for (let keep = parts.length; keep >= least; keep--) {
    if (keep > path.length) continue;
    const tail = parts.slice(parts.length - keep).join("/");
    if (globToRegExp(tail).test(path.slice(path.length - keep).join("/"))) return true;
  }
  return false;
}

/** The credit a copyright file's text gives `installed`. */
export function creditFromCopyright(text: string, installed: string): DebianCredit {
  const stanzas = parseStanzas(text);
  if (stanzas[0]?.fields.has("format")) {
    let match: Stanza | null = null;
    for (const stanza of stanzas) {
      const files = stanza.fields.get("files");
      if (files && files.split(/\s+/).some((pattern) => patternNames(pattern, installed))) match = stanza;
    }
    if (match) {
      const copyright = match.fields.get("copyright")?.split("\n").map((l) => l.trim()).filter(Boolean).join("; ") || null;
      const license = match.fields.get("license")?.split("\n")[0]!.trim() || null;
      return { copyright, license };
    }
  }
  // Free-form: the first "Copyright [(C)] years holder" line.
  const holder = /Copyright\s*(?:\(C\)|©)?\s*(\d{4}(?:\s*[-,]\s*\d{4})*\s+[^\n]+)/i.exec(text)?.[1] ?? null;
  return { copyright: holder?.trim() ?? null, license: null };
}

/** The credit /usr/share/doc/{pkg}/copyright gives `installed`, or null when the package has no such file. */
export function debianCredit(pkg: string, installed: string): DebianCredit | null {
  let text: string;
  try {
    text = readFileSync(`/usr/share/doc/${pkg}/copyright`, "utf8");
  } catch {
    return null;
  }
  return creditFromCopyright(text, installed);
}
