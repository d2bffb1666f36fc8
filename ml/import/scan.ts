// Finding the audio files of a music folder: every file with an audio extension, in sub-folders too, sorted by
// path. Symbolic links are followed only while they stay inside the folder (a link to /etc or to another disk
// is reported and left alone; a link loop is entered once). Hidden files and folders (".name", such as macOS's
// "._song.mp3" resource forks or a ".Trash") are skipped, as music players do.
import { readdirSync, realpathSync, statSync, type Dirent } from "node:fs";
import { extname, join, relative, sep } from "node:path";

/** Extensions ffmpeg decodes as music (tracker modules need an ffmpeg with libopenmpt, as Debian's has). */
export const AUDIO_EXTENSIONS: ReadonlySet<string> = new Set([
  "mp3", "mp2", "mpga", "ogg", "oga", "opus", "spx", "flac", "m4a", "m4b", "mp4", "aac", "adts", "wav", "wave",
  "aif", "aiff", "aifc", "wma", "asf", "ape", "wv", "mpc", "mka", "webm", "weba", "ac3", "eac3", "dts", "amr",
  "au", "snd", "caf", "tta", "tak", "dsf", "dff", "mod", "xm", "it", "s3m", "mtm", "669", "med", "okt", "stm", "umx",
]);

export function isAudioName(name: string): boolean {
  return AUDIO_EXTENSIONS.has(extname(name).slice(1).toLowerCase());
}

export interface ScannedFile {
  /** Path relative to the music folder, "/"-separated: the song's key. */
  path: string;
  /** Absolute path as seen through the folder (links not resolved). */
  absolute: string;
  size: number;
  mtimeMs: number;
}

export interface ScanProblem {
  path: string;
  reason: string;
}

export interface ScanResult {
  /** The music folder with every link resolved. */
  root: string;
  files: ScannedFile[];
  /** Links leading out of the folder, unreadable folders, broken links to audio names. */
  problems: ScanProblem[];
  /** Files that are not audio by their extension (covers, playlists, text). */
  ignored: number;
}

function isInside(root: string, target: string): boolean {
  return target === root || target.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** Scans `dir` (which must exist). Deterministic: files sorted by relative path, code unit order. */
export function scanMusicFolder(dir: string): ScanResult {
  const root = realpathSync(dir);
  const files: ScannedFile[] = [];
  const problems: ScanProblem[] = [];
  let ignored = 0;
  const visited = new Set<string>([root]);
  const rel = (absolute: string) => relative(dir, absolute).split(sep).join("/");

  const walk = (folder: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      problems.push({ path: rel(folder), reason: `cannot read the folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const absolute = join(folder, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(absolute);
        } catch {
          if (isAudioName(entry.name)) problems.push({ path: rel(absolute), reason: "broken link: its target does not exist" });
          continue;
        }
        if (!isInside(root, target)) {
          problems.push({ path: rel(absolute), reason: "link leads out of the music folder: not followed" });
          continue;
        }
        const stats = statSync(target);
        isDirectory = stats.isDirectory();
        isFile = stats.isFile();
        if (isDirectory) {
          if (visited.has(target)) continue;
          visited.add(target);
        }
      } else if (isDirectory) {
        const real = realpathSync(absolute);
        if (visited.has(real)) continue;
        visited.add(real);
      }
      if (isDirectory) {
        walk(absolute);
      } else if (isFile) {
        if (!isAudioName(entry.name)) {
          ignored++;
          continue;
        }
        try {
          const stats = statSync(absolute);
          files.push({ path: rel(absolute), absolute, size: stats.size, mtimeMs: Math.floor(stats.mtimeMs) });
        } catch (error) {
          problems.push({ path: rel(absolute), reason: `cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` });
        }
      }
    }
  };
  walk(dir);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { root, files, problems, ignored };
}
