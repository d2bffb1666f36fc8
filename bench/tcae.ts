// `npm run bench -- tcae [--seconds 20] [--presets cpu,okm] [--okm-batch 2] [--seed 1]`
// Training samples/s (forward + backward + Adam on a batch of crops) and encoding samples/s (encoder only,
// batch norm on moving averages) of each TCAE preset on the TensorFlow.js backend in use, with the projected
// time of a full Melon-scale encode (169,000 songs with mel) and of one training epoch (one crop per song).
// When /usr/bin/python3 imports torch, ../shared/bench/torch_tcae.py runs the same architecture (same channels,
// dilations, frames after pooling, bottleneck) on the same 2 threads, under `reference`.
// Inputs are random: speed does not depend on the values. Other work on this machine competes for the cores.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { MEL_BANDS } from "../ml/data/melon.ts";
import { TCAE_PRESETS, TcaeEncoder, TcaeTrainer, windowsPerSong, type TcaeConfig } from "../ml/models/tcae.ts";
import { Random } from "../ml/core/random.ts";
import { pooledLength } from "../ml/models/tcaeInput.ts";
import { activeBackend } from "../ml/compute/tf/backend.ts";

const PYTHON = "/usr/bin/python3";
const REFERENCE = resolve(dirname(fileURLToPath(import.meta.url)), "../../shared/bench/torch_tcae.py");
/** Songs with a mel in the real dataset's 40 archives. */
const MELON_SONGS = 169_000;

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;
const log = (line: string) => process.stderr.write(`tcae bench: ${line}\n`);

/** Runs `fn` once to warm up, then repeatedly for `seconds` (at least once); returns samples per second. */
async function rate(fn: () => Promise<unknown>, samplesPerCall: number, seconds: number): Promise<number> {
  await fn();
  const start = performance.now();
  let calls = 0;
  do {
    await fn();
    calls++;
  } while (performance.now() - start < seconds * 1000);
  return (calls * samplesPerCall) / ((performance.now() - start) / 1000);
}

async function measure(config: TcaeConfig, batch: number, seconds: number, seed: number) {
  const window = config.frames / config.pool;
  const rng = new Random(seed, `bench-tcae-${config.preset}`);
  // With the invariance term a step sees two views of each song: 2 × batch crops.
  const pairs = config.invariance > 0;
  const rows = pairs ? 2 * batch : batch;
  const windows = Float32Array.from({ length: rows * window * MEL_BANDS }, () => rng.normal());
  const identity = { mean: new Float32Array(MEL_BANDS), std: new Float32Array(MEL_BANDS).fill(1) };
  const trainer = new TcaeTrainer({ ...config, batchSize: batch }, identity);
  let train: number;
  let params;
  try {
    log(`${config.preset}: training steps of ${rows} crops × ${window} frames for ${seconds} s…`);
    train = await rate(() => trainer.step(windows, rows, pairs), rows, seconds);
    params = trainer.snapshot();
  } finally {
    trainer.dispose();
  }
  const encoder = new TcaeEncoder({ config, params, lossHistory: [] });
  // The dense head encodes windows of the training length; the meanMax head whole songs.
  const encodeFrames = config.head === "dense" ? window : pooledLength(config.pool);
  const songs = Float32Array.from({ length: batch * encodeFrames * MEL_BANDS }, () => rng.normal());
  let encode: number;
  try {
    log(`${config.preset}: encoding batches of ${batch} windows of ${encodeFrames} frames for ${seconds} s…`);
    encode = await rate(() => encoder.encode(songs, batch, encodeFrames), batch, seconds);
  } finally {
    encoder.dispose();
  }
  const perSong = windowsPerSong(config);
  return {
    channels: config.channels,
    frames_after_pool: window,
    batch,
    train_samples_per_s: round(train),
    encode_samples_per_s: round(encode),
    encode_songs_per_s: round(encode / perSong),
    windows_per_song: perSong,
    melon_encode_s: Math.round((MELON_SONGS * perSong) / encode),
    melon_train_epoch_s: Math.round(MELON_SONGS / train),
  };
}

function torchAvailable(): boolean {
  return existsSync(PYTHON) && existsSync(REFERENCE) && spawnSync(PYTHON, ["-c", "import torch"], { stdio: "ignore" }).status === 0;
}

function torchReference(config: TcaeConfig, batch: number, seconds: number) {
  const args = [REFERENCE, "--preset", "okm", "--channels", config.channels.join(","), "--frames", String(config.frames / config.pool)];
  args.push("--batch", String(batch), "--emb", String(config.embeddingDim), "--seconds", String(seconds), "--threads", "2");
  log(`${config.preset}: PyTorch reference (${args.slice(1).join(" ")})…`);
  const stdout = execFileSync(PYTHON, args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const result = JSON.parse(stdout.trim().split("\n").at(-1)!) as { train_samples_per_s: number; encode_samples_per_s: number };
  const perSong = windowsPerSong(config);
  return {
    ...result,
    melon_encode_s: Math.round((MELON_SONGS * perSong) / result.encode_samples_per_s),
    melon_train_epoch_s: Math.round(MELON_SONGS / result.train_samples_per_s),
  };
}

export async function main(argv: string[]): Promise<Record<string, unknown>> {
  const { values } = parseArgs({
    args: argv,
    options: {
      seconds: { type: "string", default: "20" },
      presets: { type: "string", default: "cpu,okm" },
      // okm steps are long on wasm (1876 frames × 512 channels); a small batch keeps one step in the time budget.
      "okm-batch": { type: "string", default: "2" },
      seed: { type: "string", default: "1" },
    },
  });
  const seconds = Number(values.seconds);
  const presets = values.presets.split(",") as ("cpu" | "okm")[];
  const backend = await activeBackend();
  const withTorch = torchAvailable();
  if (!withTorch) log("/usr/bin/python3 cannot import torch: no reference");
  log(`backend ${backend}; load average ${loadavg()[0]!.toFixed(1)} on this shared machine`);
  const figures: Record<string, unknown> = { backend, seconds, melon_songs: MELON_SONGS };
  const reference: Record<string, unknown> = {};
  for (const name of presets) {
    const config = TCAE_PRESETS[name];
    if (!config) throw new Error(`unknown preset ${name} (cpu, okm)`);
    const batch = name === "okm" ? Number(values["okm-batch"]) : config.batchSize;
    figures[name] = await measure(config, batch, seconds, Number(values.seed));
    if (withTorch) reference[name] = torchReference(config, config.batchSize, seconds);
  }
  for (const name of presets) {
    const ours = figures[name] as { train_samples_per_s: number; encode_samples_per_s: number };
    const theirs = reference[name] as typeof ours | undefined;
    if (theirs) {
      figures[`${name}_train_ratio_to_reference`] = round(ours.train_samples_per_s / theirs.train_samples_per_s, 3);
      figures[`${name}_encode_ratio_to_reference`] = round(ours.encode_samples_per_s / theirs.encode_samples_per_s, 3);
    }
  }
  figures.load_average = round(loadavg()[0]!, 1);
  figures.reference = withTorch ? { tool: "torch", threads: 2, ...reference } : null;
  return figures;
}
