// `npm run demo:music`: the site on real music, freely licensed, from Debian's packages: installs a few game
// soundtracks with apt-get (when missing and apt-get exists), copies their music tracks into
// data/debian-music/music as tagged Ogg Vorbis files (title, author, album; copyright and licence read from
// each package's DEP-5 copyright file by ml/import/debianMusic.ts), then runs `npm run demo -- --audio` on that
// folder. The site's footer links the attribution page, which lists each track's author and licence.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { findFfmpeg } from "../ml/audio/ffmpeg.ts";
import { packagedTracks } from "../ml/import/debianMusic.ts";
import { run, step } from "./run.mjs";

/**
 * The soundtracks: which files of each package are music (not sound effects), and the album they form.
 * `stated` is what a free-form (not DEP-5) copyright file says, read by hand: /usr/share/doc/a7xpg-data/copyright
 * names Kenta Cho and gives a two-clause BSD licence.
 */
const PACKAGES = [
  { name: "chromium-bsu-data", album: "Chromium B.S.U.", music: /\/music_[^/]+\.wav$/, stated: null },
  { name: "a7xpg-data", album: "A7Xpg", music: /\/bgm\d+\.ogg$/, stated: { copyright: "2003 Kenta Cho", license: "BSD-2-Clause" } },
];
const MUSIC = "data/debian-music/music";

function installed(pkg) {
  try {
    return execFileSync("dpkg-query", ["-W", "-f", "${Status}", pkg], { encoding: "utf8" }).includes("install ok installed");
  } catch {
    return false;
  }
}

const missing = PACKAGES.filter((p) => !installed(p.name)).map((p) => p.name);
if (missing.length > 0) {
  if (!existsSync("/usr/bin/apt-get")) throw new Error(`demo:music needs Debian's packages ${missing.join(", ")} (no apt-get here): use npm run demo -- --audio DIR`);
  step(`1/2 installing ${missing.join(", ")} with apt-get`);
  const asRoot = process.getuid?.() === 0 ? [] : ["sudo"];
  const [command, ...args] = [...asRoot, "apt-get", "-o", "DPkg::Lock::Timeout=600", "install", "-y", ...missing];
  await run(command, args);
} else step(`1/2 Debian packages already installed: ${PACKAGES.map((p) => p.name).join(", ")}`);

/** "music_menu.wav" → "Music Menu". */
function titleOf(file) {
  return basename(file, extname(file)).replace(/[_-]+/g, " ").replace(/\b\p{Ll}/gu, (c) => c.toUpperCase());
}

const ffmpeg = findFfmpeg().path;
let tracks = 0;
for (const pkg of PACKAGES) {
  const version = execFileSync("dpkg-query", ["-W", "-f", "${Version}", pkg.name], { encoding: "utf8" });
  const packaged = packagedTracks(pkg.name).filter((track) => pkg.music.test(track.path));
  for (const [index, track] of packaged.entries()) {
    const file = track.path;
    const credit = track.copyright ? { copyright: track.copyright, license: track.license || null } : pkg.stated ?? { copyright: null, license: null };
    // The author: the first copyright holder without the years.
    const author = credit.copyright?.split(";")[0]?.replace(/^[\d\s,–-]+/, "").replace(/\.$/, "").trim() || pkg.album;
    const title = titleOf(file);
    const out = join(MUSIC, pkg.album, `${String(index + 1).padStart(2, "0")} ${title}.ogg`);
    tracks++;
    if (existsSync(out)) continue;
    mkdirSync(join(MUSIC, pkg.album), { recursive: true });
    const tags = {
      title, artist: author, album: pkg.album, copyright: credit.copyright ?? "", license: credit.license ?? "",
      comment: `from the Debian package ${pkg.name} ${version} (${file})`,
    };
    const codec = extname(file) === ".ogg" ? ["-c:a", "copy"] : ["-c:a", "libvorbis", "-q:a", "5"];
    execFileSync(ffmpeg, [
      "-hide_banner", "-loglevel", "error", "-y", "-i", file, "-map_metadata", "-1",
      ...Object.entries(tags).flatMap(([key, value]) => (value ? ["-metadata", `${key}=${value}`] : [])),
      ...codec, out,
    ]);
  }
}
step(`2/2 ${tracks} tracks in ${MUSIC}; building and serving them (npm run demo -- --audio ${MUSIC})`);
await run(process.execPath, ["--import", "tsx", "scripts/demo.mjs", "--audio", MUSIC]);
