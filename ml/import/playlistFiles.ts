// Playlists as music players write them: M3U/M3U8 (with or without #EXTM3U and #EXTINF), PLS and XSPF.
// Their entries are relative paths (to the playlist's folder), absolute paths, or file:// URLs; a playlist made
// on another machine or under Windows names the same files under another root, so an entry that is not under
// the music folder is matched by the longest tail of its path that names exactly one library file.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, extname, isAbsolute, join, posix, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { DataError } from "../core/errors.ts";
import type { Playlist } from "../data/melon.ts";

export const PLAYLIST_EXTENSIONS: ReadonlySet<string> = new Set(["m3u", "m3u8", "pls", "xspf"]);

export interface PlaylistEntry {
  /** The location as written (a path or a URL). */
  location: string;
  /** Line of the playlist file it is on (1-based), for messages. */
  line: number;
}

export interface ParsedPlaylist {
  /** The playlist's own title (#PLAYLIST, XSPF <title>), or null to use the file name. */
  title: string | null;
  entries: PlaylistEntry[];
}

/** Text of a playlist file: UTF-8 (m3u8, pls, xspf, most m3u), or Latin-1 for an m3u that is not valid UTF-8. */
export function playlistText(bytes: Buffer): string {
  const text = bytes.toString("utf8");
  const decoded = text.includes("\uFFFD") ? bytes.toString("latin1") : text;
  return decoded.replace(/^\uFEFF/, "");
}

export function parseM3u(text: string): ParsedPlaylist {
  let title: string | null = null;
  const entries: PlaylistEntry[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    if (line.startsWith("#")) {
      const playlist = /^#PLAYLIST:\s*(.+)$/i.exec(line);
      if (playlist) title = playlist[1]!.trim();
      return;
    }
    entries.push({ location: line, line: index + 1 });
  });
  return { title, entries };
}

export function parsePls(text: string): ParsedPlaylist {
  const files = new Map<number, PlaylistEntry>();
  let title: string | null = null;
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const match = /^\s*File(\d+)\s*=\s*(.+?)\s*$/i.exec(raw);
    if (match) files.set(Number(match[1]), { location: match[2]!, line: index + 1 });
    const name = /^\s*X-GNOME-Title\s*=\s*(.+?)\s*$/i.exec(raw) ?? /^\s*PlaylistName\s*=\s*(.+?)\s*$/i.exec(raw);
    if (name) title = name[1]!;
  });
  return { title, entries: [...files.entries()].sort((a, b) => a[0] - b[0]).map(([, entry]) => entry) };
}

function xmlText(text: string): string {
  return text
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, "$1")
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&")
    .trim();
}

/** XSPF: the first <location> of each <track> of the <trackList>; the playlist's <title>. */
export function parseXspf(text: string): ParsedPlaylist {
  const lineAt = (offset: number) => text.slice(0, offset).split("\n").length;
  const trackList = /<trackList\b[^>]*>([\s\S]*?)<\/trackList>/i.exec(text);
  const head = trackList ? text.slice(0, trackList.index) : text;
  const titleMatch = /<title\b[^>]*>([\s\S]*?)<\/title>/i.exec(head);
  const entries: PlaylistEntry[] = [];
  if (trackList) {
    const listStart = trackList.index + trackList[0].indexOf(">") + 1;
    for (const track of trackList[1]!.matchAll(/<track\b[^>]*>([\s\S]*?)<\/track>/gi)) {
      const location = /<location\b[^>]*>([\s\S]*?)<\/location>/i.exec(track[1]!);
      if (location) entries.push({ location: xmlText(location[1]!), line: lineAt(listStart + track.index!) });
    }
  }
  return { title: titleMatch ? xmlText(titleMatch[1]!) || null : null, entries };
}

export function parsePlaylist(file: string, bytes: Buffer): ParsedPlaylist {
  const text = playlistText(bytes);
  const ext = extname(file).slice(1).toLowerCase();
  if (ext === "pls") return parsePls(text);
  if (ext === "xspf") return parseXspf(text);
  return parseM3u(text);
}

/** Playlist files named by --playlists: files as given, folders searched recursively (sorted, hidden skipped). */
export function findPlaylistFiles(paths: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (path: string, explicit: boolean) => {
    let stats;
    try {
      stats = statSync(path);
    } catch (error) {
      // A path the user named must exist; inside a folder, whatever vanished meanwhile is passed over.
      if (explicit) throw new DataError(path, null, `playlist file or folder not found (${(error as NodeJS.ErrnoException).code})`);
      return;
    }
    if (stats.isDirectory()) {
      for (const name of readdirSync(path).sort()) if (!name.startsWith(".")) walk(join(path, name), false);
    } else if (explicit || PLAYLIST_EXTENSIONS.has(extname(path).slice(1).toLowerCase())) {
      found.push(resolve(path));
    }
  };
  for (const path of paths) walk(path, true);
  return [...new Set(found)];
}

/** Resolves playlist entries to library paths (relative to the music folder). */
export class LibraryPaths {
  private readonly exact: Map<string, string>;
  private readonly folded = new Map<string, string | null>();
  /** Every tail of every path ("a/b/c.mp3", "b/c.mp3", "c.mp3") → the path, or null when several share it. */
  private readonly tails = new Map<string, string | null>();

  /** `roots`: the music folder as named and as resolved (entries may use either). */
  constructor(
    private readonly roots: readonly string[],
    paths: readonly string[],
  ) {
    this.exact = new Map(paths.map((p) => [p.normalize("NFC"), p]));
    for (const path of paths) {
      const key = path.normalize("NFC");
      const lower = key.toLowerCase();
      this.folded.set(lower, this.folded.has(lower) ? null : path);
      const parts = lower.split("/");
      for (let i = 0; i < parts.length; i++) {
        const tail = parts.slice(i).join("/");
        this.tails.set(tail, this.tails.has(tail) && this.tails.get(tail) !== path ? null : path);
      }
    }
  }

  /** The library path an entry names, or null when it names none (or several equally). */
  resolve(location: string, playlistFile: string): string | null {
    let path: string;
    if (/^file:/i.test(location)) {
      try {
        path = fileURLToPath(location.replace(/^file:\/\/localhost\//i, "file:///"));
      } catch {
        return null;
      }
    } else if (/^[a-z][a-z0-9+.-]+:\/\//i.test(location)) {
      return null; // a stream URL: not a file of the library
    } else {
      // Windows playlists: backslashes, and maybe a drive letter that cannot exist here.
      const slashed = location.replace(/\\/g, "/");
      let decoded = slashed;
      if (/%[0-9a-f]{2}/i.test(slashed)) {
        try {
          decoded = decodeURIComponent(slashed);
        } catch {
          // not percent-encoded after all
        }
      }
      path = isAbsolute(decoded) || /^[a-z]:\//i.test(decoded) ? decoded : join(dirname(playlistFile), decoded);
    }
    const normalised = path.replace(/\\/g, "/").normalize("NFC");
    for (const root of this.roots) {
      const inRoot = relative(root, resolve(normalised));
      if (inRoot.startsWith("..") || isAbsolute(inRoot)) continue;
      const key = inRoot.split(sep).join("/");
      const hit = this.exact.get(key) ?? this.folded.get(key.toLowerCase());
      if (hit) return hit;
    }
    // Another machine's root: the longest tail of the path that names exactly one library file.
    const parts = posix.normalize(normalised).toLowerCase().split("/").filter(Boolean);
    for (let i = 0; i < parts.length; i++) {
      const hit = this.tails.get(parts.slice(i).join("/"));
      if (hit) return hit;
      if (hit === null) return null;
    }
    return null;
  }
}

/** "YYYY-MM-DD HH:MM:SS.000" (train.json's updt_date) of a time, in UTC. */
export function melonTimestamp(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace("T", " ").replace("Z", "");
}

export function playlistName(file: string, parsed: ParsedPlaylist): string {
  return parsed.title ?? basename(file, extname(file));
}

export function readPlaylistFile(file: string): ParsedPlaylist {
  return parsePlaylist(file, readFileSync(file));
}

/**
 * train.json's playlists from playlist files: entries resolved to song ids (repeats once, order kept), one
 * line per playlist that has entries naming no library song, playlists without any library song left out.
 */
export function libraryPlaylists(
  files: readonly string[],
  library: LibraryPaths,
  idOfPath: ReadonlyMap<string, number>,
  log: (line: string) => void,
): { playlists: Playlist[]; entries: number; unmatched: number } {
  const playlists: Playlist[] = [];
  let entries = 0;
  let unmatched = 0;
  for (const file of files) {
    let parsed: ParsedPlaylist;
    try {
      parsed = readPlaylistFile(file);
    } catch (error) {
      log(`${file}: playlist skipped: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      continue;
    }
    const songs: number[] = [];
    const missing: string[] = [];
    for (const entry of parsed.entries) {
      const path = library.resolve(entry.location, file);
      const id = path === null ? undefined : idOfPath.get(path);
      if (id === undefined) missing.push(`line ${entry.line}: ${entry.location}`);
      else if (!songs.includes(id)) songs.push(id);
    }
    entries += parsed.entries.length;
    unmatched += missing.length;
    if (missing.length > 0) log(`${file}: ${missing.length} of ${parsed.entries.length} entries are not in the library (first: ${missing[0]})`);
    if (songs.length === 0) continue;
    playlists.push({
      id: playlists.length,
      plylst_title: playlistName(file, parsed),
      tags: [],
      songs,
      like_cnt: 0,
      updt_date: melonTimestamp(statSync(file).mtimeMs),
    });
  }
  return { playlists, entries, unmatched };
}
