// `npm run bench -- tcae [--seconds 20] [--presets cpu,okm] [--okm-batch 4] [--threads 2] [--seed 1]`
// Training samples/s (forward + backward + Adam on a batch of crops, TensorFlow.js) and encoding samples/s
// (the encoder alone on the compute backend, batch norm on moving averages) of each TCAE preset, with the
// projected time of a full Melon-scale encode (169,000 songs with a mel) and of one training epoch (one
// crop per song). When Debian's python3-torch is installed, bench/reference/torch_tcae.py rebuilds the same
// autoencoder in PyTorch from a description this bench derives from our model (the encoder from the very
// description the compute backend runs, tcaeNet.ts; the decoder mirroring tcae.ts `decode`, from the
// embedding or from the last conv layer as the head wants; the loss terms of TcaeTrainer.step, the invariance
// term over two views of each song included) and times it with the same batch and threads; the ratios of
// ours to it are printed, and a rebuild whose trainable parameter count differs from ours stops the bench.
// Both sides time steps on ready crops: the views' augmentation (tcaeAugment.ts) is in neither figure.
// Inputs are random: speed does not depend on the values. Other work on the machine competes for the cores,
// and hurts a multi-threaded reference most (its threads wait on each other): compare figures of one run,
// and `--threads 1` where the machine is busy (our training's matrix products run on ONNX Runtime's GEMM with
// `--threads` threads, the rest of TF.js on one: tf/nativeGemm.ts).
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { computeBackend, describeCompute } from "../ml/compute/backend.ts";
import type { Net } from "../ml/compute/net.ts";
import { BN_EPSILON } from "../ml/compute/tf/layers.ts";
import { Random } from "../ml/core/random.ts";
import { MEL_BANDS } from "../ml/data/melon.ts";
import { TCAE_PRESETS } from "../ml/config.ts";
import { TcaeTrainer, encoderLayers, windowsPerSong, type TcaeConfig } from "../ml/models/tcae.ts";
import { tcaeEncoderNet } from "../ml/models/tcaeNet.ts";
import { pooledLength } from "../ml/models/tcaeInput.ts";
import { pythonHas, runReference } from "./lib/python.ts";

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

/**
 * A network description without its weights, as torch_tcae.py reads it. `plainNorms` names the batch-norm
 * outputs without scale and shift (a dense layer's `affine` false), which the weights alone do not tell.
 */
function structure(net: Net, plainNorms: ReadonlySet<string> = new Set()) {
  return {
    input: net.inputs[0]!.name,
    output: net.output,
    nodes: net.nodes.map((node) => {
      switch (node.op) {
        case "conv1d":
          return { op: node.op, input: node.input, output: node.output, in: node.inChannels, out: node.outChannels, taps: node.taps, dilation: node.dilation, direction: node.direction };
        case "dense":
          return { op: node.op, input: node.input, output: node.output, in: node.inFeatures, out: node.outFeatures };
        case "batchNorm":
          return { op: node.op, input: node.input, output: node.output, width: node.gamma.length, epsilon: node.epsilon, affine: !plainNorms.has(node.output) };
        case "pool":
          return { op: node.op, kind: node.kind, input: node.input, output: node.output };
        case "concat":
          return { op: node.op, inputs: node.inputs, output: node.output };
        default:
          return { op: node.op, input: node.input, output: node.output };
      }
    }),
  };
}

/**
 * tcae.ts `decode` as a description whose input is a value of `encoder`: the dense head expands the embedding
 * back to the last encoder width over the crop's frames, the meanMax head starts from the last conv layer's
 * frames; then the conv stack mirrored (anti-causal, dilations reversed, batch norm and ReLU but the last).
 */
function decoderStructure(config: TcaeConfig, encoder: Net) {
  const frames = config.frames / config.pool;
  const widths = [MEL_BANDS, ...config.channels].reverse();
  const dilations = [...config.dilations].reverse();
  const nodes: Record<string, unknown>[] = [];
  let input: string;
  if (config.head === "dense") {
    input = encoder.output;
    nodes.push(
      { op: "dense", input, output: "expand", in: config.embeddingDim, out: widths[0]! * frames },
      { op: "relu", input: "expand", output: "expand.relu" },
      { op: "unflatten", input: "expand.relu", output: "h0", frames, channels: widths[0] },
    );
  } else {
    // The encoder's last conv block ends in its ReLU: the frames the decoder reconstructs from.
    const lastConv = encoder.nodes.filter((node) => node.op === "conv1d").at(-1)!;
    input = encoder.nodes.find((node) => node.op === "relu" && node.input === `${lastConv.output}.bn`)!.output;
    nodes.push({ op: "identity", input, output: "h0" });
  }
  dilations.forEach((dilation, i) => {
    const last = i === dilations.length - 1;
    nodes.push({ op: "conv1d", input: `h${i}`, output: last ? "reconstruction" : `dec${i}`, in: widths[i], out: widths[i + 1], taps: 3, dilation, direction: "anticausal" });
    if (!last) {
      nodes.push({ op: "batchNorm", input: `dec${i}`, output: `dec${i}.bn`, width: widths[i + 1], epsilon: BN_EPSILON });
      nodes.push({ op: "relu", input: `dec${i}.bn`, output: `h${i + 1}` });
    }
  });
  return { input, output: "reconstruction", nodes };
}

async function measure(config: TcaeConfig, batch: number, seconds: number, seed: number, threads: number) {
  const window = config.frames / config.pool;
  const rng = new Random(seed, `bench-tcae-${config.preset}`);
  // With the invariance term a step sees two views of each song: 2 × batch crops.
  const pairs = config.invariance > 0;
  const rows = pairs ? 2 * batch : batch;
  const windows = Float32Array.from({ length: rows * window * MEL_BANDS }, () => rng.normal());
  const identity = { mean: new Float32Array(MEL_BANDS), std: new Float32Array(MEL_BANDS).fill(1) };
  const trainer = new TcaeTrainer({ ...config, batchSize: batch }, identity, threads);
  let train: number;
  let params;
  const parameters = trainer.trainableParameters;
  try {
    log(`${config.preset}: training steps of ${batch} songs (${rows} crops) × ${window} frames for ${seconds} s…`);
    train = await rate(() => trainer.step(windows, rows, pairs), batch, seconds);
    params = trainer.snapshot();
  } finally {
    trainer.dispose();
  }
  const net = tcaeEncoderNet({ config, params, lossHistory: [] });
  const plainNorms = new Set(encoderLayers(config).flatMap((layer) => (layer.kind === "dense" && layer.batchNorm && layer.affine === false ? [`${layer.name}.bn`] : [])));
  const encoder = await (await computeBackend({ threads })).nets.open(net);
  // The dense head encodes windows of the training length; the meanMax head whole songs.
  const encodeFrames = config.head === "dense" ? window : pooledLength(config.pool);
  const songs = Float32Array.from({ length: batch * encodeFrames * MEL_BANDS }, () => rng.normal());
  let encode: number;
  try {
    log(`${config.preset}: encoding batches of ${batch} windows of ${encodeFrames} frames for ${seconds} s…`);
    encode = await rate(() => encoder.run({ windows: songs }, batch, encodeFrames), batch, seconds);
  } finally {
    encoder.dispose();
  }
  const perSong = windowsPerSong(config);
  return {
    figures: {
      channels: config.channels,
      frames_after_pool: window,
      batch,
      crops_per_step: rows,
      parameters,
      train_samples_per_s: round(train),
      encode_samples_per_s: round(encode),
      encode_songs_per_s: round(encode / perSong),
      windows_per_song: perSong,
      melon_encode_s: Math.round((MELON_SONGS * perSong) / encode),
      melon_train_epoch_s: Math.round(MELON_SONGS / train),
    },
    description: {
      frames: window,
      encode_frames: encodeFrames,
      bands: MEL_BANDS,
      batch,
      views: rows / batch,
      invariance: config.invariance,
      temperature: config.temperature,
      seconds,
      threads,
      learning_rate: config.learningRate,
      encoder: structure(net, plainNorms),
      decoder: decoderStructure(config, net),
    },
  };
}

export async function main(argv: string[]): Promise<Record<string, unknown>> {
  const { values } = parseArgs({
    args: argv,
    options: {
      seconds: { type: "string", default: "20" },
      presets: { type: "string", default: "cpu,okm" },
      // okm steps are long (1876 frames × 512 channels): a small batch keeps a step within the time budget.
      "okm-batch": { type: "string", default: "4" },
      threads: { type: "string", default: "2" },
      seed: { type: "string", default: "1" },
    },
  });
  const seconds = Number(values.seconds);
  const threads = Number(values.threads);
  const presets = values.presets.split(",") as ("cpu" | "okm")[];
  const compute = await describeCompute({ threads });
  const withTorch = pythonHas("torch");
  if (!withTorch) log("/usr/bin/python3 cannot import torch (apt-get install python3-torch): no reference");
  log(`${compute}; load average ${loadavg()[0]!.toFixed(1)}`);
  const figures: Record<string, unknown> = { compute, seconds, threads, melon_songs: MELON_SONGS };
  const reference: Record<string, Record<string, unknown>> = {};
  for (const name of presets) {
    const config = TCAE_PRESETS[name];
    if (!config) throw new Error(`unknown preset ${name} (cpu, okm)`);
    const batch = name === "okm" ? Number(values["okm-batch"]) : config.batchSize;
    const ours = await measure(config, batch, seconds, Number(values.seed), threads);
    figures[name] = ours.figures;
    if (withTorch) {
      log(`${name}: PyTorch reference, same description, batch and threads…`);
      const theirs = runReference("torch_tcae.py", [], JSON.stringify(ours.description)) as { parameters: number; train_samples_per_s: number; encode_samples_per_s: number };
      if (theirs.parameters !== ours.figures.parameters) {
        throw new Error(`torch_tcae.py rebuilt ${name} with ${theirs.parameters} trainable parameters, ours has ${ours.figures.parameters}: its description is out of step with tcae.ts`);
      }
      reference[name] = theirs;
      figures[`${name}_train_ratio_to_reference`] = round(ours.figures.train_samples_per_s / theirs.train_samples_per_s, 3);
      figures[`${name}_encode_ratio_to_reference`] = round(ours.figures.encode_samples_per_s / theirs.encode_samples_per_s, 3);
    }
  }
  figures.load_average = round(loadavg()[0]!, 1);
  figures.reference = withTorch ? reference : null;
  return figures;
}
