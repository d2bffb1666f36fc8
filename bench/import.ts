// `npm run bench -- import [--tracks 24] [--seconds 200] [--threads 2]`
// Import throughput on a library of realistic files: stereo 44.1 kHz mp3 at 192 kb/s, several minutes long
// (made here by ffmpeg from tones and noise), each decoded from its middle 30 s and turned into a mel by
// `mugle import` (ml/import). The reference, when /usr/bin/python3 has numpy, is the same work done the usual
// Python way: the same ffmpeg excerpt read into numpy and the mel computed by ml/audio/fixtures/mel_reference.py,
// in as many processes as we have threads. Both figures are tracks per second of wall time, from one run.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { findFfmpeg } from "../ml/audio/ffmpeg.ts";
import { importLibrary } from "../ml/import/importLibrary.ts";

const PYTHON = "/usr/bin/python3";
const MEL_REFERENCE = resolve(dirname(fileURLToPath(import.meta.url)), "../ml/audio/fixtures/mel_reference.py");

/** The reference pipeline for one file: ffmpeg's centred excerpt as float32 into numpy, then the numpy mel. */
const REFERENCE_SCRIPT = `
import importlib.util, subprocess, sys, time
import numpy as np
spec = importlib.util.spec_from_file_location("mel_reference", sys.argv[1])
ref = importlib.util.module_from_spec(spec); spec.loader.exec_module(ref)
ffmpeg, seconds = sys.argv[2], float(sys.argv[3])
start = max(0.0, (seconds - 30) / 2)
t0 = time.time()
for path in sys.argv[4:]:
    raw = subprocess.run([ffmpeg, "-hide_banner", "-loglevel", "error", "-ss", f"{start:.3f}", "-i", path, "-map", "0:a:0",
                          "-af", "aresample=resampler=soxr", "-ar", "16000", "-f", "f32le", "-t", "30", "-"],
                         check=True, capture_output=True).stdout
    frames = np.frombuffer(raw, dtype="<f4").reshape(-1, 2).mean(axis=1)
    ref.mel_db(frames)
print(time.time() - t0)
`;

function numpyAvailable(): boolean {
  return spawnSync(PYTHON, ["-c", "import numpy"], { stdio: "ignore" }).status === 0;
}

export async function main(argv: string[]): Promise<Record<string, unknown>> {
  const { values } = parseArgs({
    args: argv,
    options: {
      tracks: { type: "string", default: "24" },
      seconds: { type: "string", default: "200" },
      threads: { type: "string", default: "2" },
    },
  });
  const tracks = Number(values.tracks);
  const seconds = Number(values.seconds);
  const threads = Number(values.threads);
  const ffmpeg = findFfmpeg();
  const work = mkdtempSync(join(tmpdir(), "mugle-bench-import-"));
  try {
    const music = join(work, "music");
    const files: string[] = [];
    process.stderr.write(`making ${tracks} mp3 files of ${seconds} s (stereo, 44.1 kHz, 192 kb/s)…\n`);
    for (let i = 0; i < tracks; i++) {
      const file = join(music, `Artist ${i % 4}`, `Album ${i % 6}`, `${String(i + 1).padStart(2, "0")} Track.mp3`);
      mkdirSync(dirname(file), { recursive: true });
      execFileSync(ffmpeg.path, [
        "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", `sine=frequency=${180 + 37 * i}:duration=${seconds}:sample_rate=44100`,
        "-f", "lavfi", "-i", `anoisesrc=color=pink:seed=${i + 1}:amplitude=0.2:duration=${seconds}:r=44100`,
        "-filter_complex", "[0][1]amix=inputs=2,aformat=channel_layouts=stereo", "-c:a", "libmp3lame", "-b:a", "192k",
        "-metadata", `title=Track ${i + 1}`, "-metadata", `artist=Artist ${i % 4}`, file,
      ]);
      files.push(file);
    }

    process.stderr.write(`mugle import, ${threads} threads…\n`);
    const t0 = performance.now();
    const summary = await importLibrary({ audioDir: music, outDir: join(work, "data"), threads, progress: true, log: () => {} });
    const wall = (performance.now() - t0) / 1000;
    const figures: Record<string, unknown> = {
      tracks,
      track_seconds: seconds,
      threads,
      ffmpeg: ffmpeg.source,
      tracks_per_s: summary.tracksPerSecond,
      decode_s: summary.decodeSeconds,
      wall_s: Math.round(wall * 100) / 100,
    };

    if (numpyAvailable()) {
      process.stderr.write(`reference: ffmpeg + numpy, ${threads} processes…\n`);
      const shares = Array.from({ length: threads }, (_, t) => files.filter((_, i) => i % threads === t));
      const r0 = performance.now();
      await Promise.all(shares.map((share) => new Promise<void>((done, fail) => {
        const child = spawn(PYTHON, ["-c", REFERENCE_SCRIPT, MEL_REFERENCE, ffmpeg.path, String(seconds), ...share], { stdio: ["ignore", "ignore", "pipe"] });
        let errors = "";
        child.stderr.on("data", (d: Buffer) => (errors += d));
        child.on("error", fail);
        child.on("close", (code) => (code === 0 ? done() : fail(new Error(`reference failed: ${errors}`))));
      })));
      const referenceSeconds = (performance.now() - r0) / 1000;
      figures.reference = "ffmpeg excerpt → numpy mel (ml/audio/fixtures/mel_reference.py)";
      figures.reference_tracks_per_s = Math.round((tracks / referenceSeconds) * 100) / 100;
      figures.ratio = Math.round((summary.tracksPerSecond / (tracks / referenceSeconds)) * 100) / 100;
    } else {
      figures.reference = "none: /usr/bin/python3 with numpy not found";
    }
    return figures;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
