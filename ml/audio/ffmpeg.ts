// Which ffmpeg decodes audio: $MUGLE_FFMPEG when set, else the system's (Debian's `ffmpeg` package, current and
// built with every decoder Debian ships, tracker modules included), else the static build that
// @ffmpeg-installer/ffmpeg brings from npm alone (a 2018 build without libopenmpt: no .mod/.xm/.it).
import { execFileSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, join } from "node:path";

export interface Ffmpeg {
  path: string;
  /** Where it was found. */
  source: "MUGLE_FFMPEG" | "system" | "npm";
  /** First line of `ffmpeg -version`, e.g. "ffmpeg version 5.1.6-0+deb12u1 …". */
  version: string;
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir && executable(join(dir, name))) return join(dir, name);
  }
  return null;
}

function npmFfmpeg(): string | null {
  try {
    const installer = createRequire(import.meta.url)("@ffmpeg-installer/ffmpeg") as { path: string };
    return executable(installer.path) ? installer.path : null;
  } catch {
    // The package throws when its platform binary is missing (unsupported platform, or install skipped).
    return null;
  }
}

let found: Ffmpeg | undefined;

/** The ffmpeg to use (looked up once per process). Throws with what to install when there is none. */
export function findFfmpeg(): Ffmpeg {
  if (found) return found;
  const fromEnv = process.env.MUGLE_FFMPEG;
  let path: string | null;
  let source: Ffmpeg["source"];
  if (fromEnv) {
    if (!executable(fromEnv)) throw new Error(`MUGLE_FFMPEG=${fromEnv} is not an executable file`);
    [path, source] = [fromEnv, "MUGLE_FFMPEG"];
  } else if ((path = onPath("ffmpeg"))) {
    source = "system";
  } else if ((path = npmFfmpeg())) {
    source = "npm";
  } else {
    throw new Error("no ffmpeg found: install Debian's (apt-get install ffmpeg) or run npm ci (@ffmpeg-installer/ffmpeg)");
  }
  const version = execFileSync(path, ["-hide_banner", "-version"], { encoding: "utf8" }).split("\n")[0]!.trim();
  found = { path, source, version };
  return found;
}

let openmpt: boolean | undefined;

/** Whether this ffmpeg reads tracker modules (.mod, .xm, .it, .s3m …): built with libopenmpt. */
export function readsTrackerModules(): boolean {
  openmpt ??= execFileSync(findFfmpeg().path, ["-hide_banner", "-demuxers"], { encoding: "utf8" }).includes("libopenmpt");
  return openmpt;
}
