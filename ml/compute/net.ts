// A small, explicit description of an inference network: the layers Mugle's encoders are made of, with
// their trained weights, as data. The models describe their encoders in it (ml/models/tcaeNet.ts, celNet.ts);
// the compute backend runs a description on ONNX Runtime (netOnnx.ts: exported to an ONNX graph, batch norm
// folded into the layer before it) or on TensorFlow.js with the training code's own layers (netTf.ts, the
// reference the export is tested against).
//
// Values are per sample (the batch is implicit): a sequence [frames, channels], time-major as the models
// hold mel windows, or a vector [features]. Nodes run in order, each reading named values and writing one.

export type Sequence = { kind: "sequence"; channels: number };
export type Vector = { kind: "vector"; features: number };
export type ValueShape = Sequence | Vector;

export type NetNode =
  /**
   * Dilated 1-D convolution over time, kernel [taps × inChannels, outChannels] with the taps in frame order
   * (as ml/compute/tf/layers.ts dilatedConv1d): "causal" tap j of a kernel of K reads frame t − (K − 1 − j)·d,
   * "anticausal" reads t + j·d; zero padding keeps the length.
   */
  | { op: "conv1d"; input: string; output: string; kernel: Float32Array; bias: Float32Array; taps: number; inChannels: number; outChannels: number; dilation: number; direction: "causal" | "anticausal" }
  /** x · kernel [in, out] + bias, on a vector. */
  | { op: "dense"; input: string; output: string; kernel: Float32Array; bias: Float32Array; inFeatures: number; outFeatures: number }
  /** Inference batch norm over the channels (or features): (x − mean) · γ / √(variance + ε) + β. */
  | { op: "batchNorm"; input: string; output: string; gamma: Float32Array; beta: Float32Array; mean: Float32Array; variance: Float32Array; epsilon: number }
  | { op: "relu"; input: string; output: string }
  | { op: "tanh"; input: string; output: string }
  /** Mean or max of a sequence over time: [frames, channels] → [channels]. */
  | { op: "pool"; kind: "mean" | "max"; input: string; output: string }
  /**
   * Each frame's channels read as `groups` blocks of equal width, and the block-wise maximum kept:
   * [frames, groups · C] → [frames, C], output channel c the maximum of input channels g · C + c.
   */
  | { op: "maxGroups"; groups: number; input: string; output: string }
  /** A sequence as one vector, time-major: [frames, channels] → [frames · channels]; needs fixed frames. */
  | { op: "flatten"; input: string; output: string }
  /** Values joined along the channels (sequences of equal length) or features (vectors). */
  | { op: "concat"; inputs: string[]; output: string }
  /** x / ‖x‖ along the channels or features (a zero row stays zero). */
  | { op: "l2normalize"; input: string; output: string };

export interface NetInput {
  name: string;
  /**
   * [frames, channels] for a sequence, [features] for a vector. Frames null: any length, given with each run
   * (every sample of one batch has the same); a flatten needs a fixed length.
   */
  shape: [number | null, number] | [number];
}

export interface Net {
  name: string;
  inputs: NetInput[];
  nodes: NetNode[];
  output: string;
}

/** Added under the square root of l2normalize, so a zero row divides by a tiny number instead of zero. */
export const L2_EPSILON = 1e-12;

export interface NetShapes {
  values: Map<string, ValueShape & { frames?: number }>;
  output: ValueShape & { frames?: number };
}

/** Checks a description (names, weight sizes, shapes) and returns each value's shape; throws naming the node. */
export function checkNet(net: Net): NetShapes {
  const values = new Map<string, ValueShape & { frames?: number }>();
  for (const input of net.inputs) {
    values.set(input.name, input.shape.length === 2 ? { kind: "sequence", channels: input.shape[1], frames: input.shape[0] ?? undefined } : { kind: "vector", features: input.shape[0] });
  }
  const width = (v: ValueShape) => (v.kind === "sequence" ? v.channels : v.features);
  net.nodes.forEach((node, i) => {
    const fail = (detail: string): never => {
      throw new Error(`net ${net.name}: node ${i} (${node.op} → ${node.output}): ${detail}`);
    };
    const read = (name: string) => values.get(name) ?? fail(`no value named ${name}`);
    if (values.has(node.output)) fail(`${node.output} is written twice`);
    const sizeIs = (what: string, array: Float32Array, size: number) => {
      if (array.length !== size) fail(`${what} has ${array.length} values, expected ${size}`);
    };
    let out: ValueShape & { frames?: number };
    switch (node.op) {
      case "conv1d": {
        const x = read(node.input);
        if (x.kind !== "sequence" || x.channels !== node.inChannels) fail(`needs a sequence of ${node.inChannels} channels`);
        if (!(node.dilation >= 1 && node.taps >= 1)) fail("dilation and taps must be positive");
        sizeIs("kernel", node.kernel, node.taps * node.inChannels * node.outChannels);
        sizeIs("bias", node.bias, node.outChannels);
        out = { kind: "sequence", channels: node.outChannels, frames: x.frames };
        break;
      }
      case "dense": {
        const x = read(node.input);
        if (x.kind !== "vector" || x.features !== node.inFeatures) fail(`needs a vector of ${node.inFeatures} features`);
        sizeIs("kernel", node.kernel, node.inFeatures * node.outFeatures);
        sizeIs("bias", node.bias, node.outFeatures);
        out = { kind: "vector", features: node.outFeatures };
        break;
      }
      case "batchNorm": {
        const x = read(node.input);
        for (const key of ["gamma", "beta", "mean", "variance"] as const) sizeIs(key, node[key], width(x));
        out = x;
        break;
      }
      case "relu":
      case "tanh":
      case "l2normalize":
        out = read(node.input);
        break;
      case "pool": {
        const x = read(node.input);
        if (x.kind !== "sequence") fail("pools a sequence");
        out = { kind: "vector", features: width(x) };
        break;
      }
      case "maxGroups": {
        const x = read(node.input);
        if (x.kind !== "sequence") fail("reduces a sequence");
        if (!(Number.isInteger(node.groups) && node.groups >= 1 && width(x) % node.groups === 0)) fail(`${width(x)} channels do not split into ${node.groups} groups`);
        out = { kind: "sequence", channels: width(x) / node.groups, frames: x.frames };
        break;
      }
      case "flatten": {
        const x = read(node.input);
        if (x.kind !== "sequence" || x.frames === undefined) fail("flattens a sequence of fixed length");
        out = { kind: "vector", features: width(x) * x.frames! };
        break;
      }
      case "concat": {
        const parts = node.inputs.map(read);
        if (parts.length === 0) fail("joins nothing");
        const kind = parts[0]!.kind;
        if (parts.some((p) => p.kind !== kind)) fail("joins sequences with vectors");
        if (kind === "sequence" && parts.some((p) => p.frames !== parts[0]!.frames)) fail("joins sequences of different lengths");
        const total = parts.reduce((sum, p) => sum + width(p), 0);
        out = kind === "sequence" ? { kind, channels: total, frames: parts[0]!.frames } : { kind, features: total };
        break;
      }
    }
    values.set(node.output, out);
  });
  const output = values.get(net.output);
  if (!output) throw new Error(`net ${net.name}: no value named ${net.output} for the output`);
  return { values, output };
}

/** An input's shape for one run: `frames` stands in for a sequence of any length. */
export function runShape(net: Net, input: NetInput, frames: number | undefined): number[] {
  if (input.shape.length === 1) return input.shape;
  const length = input.shape[0] ?? frames;
  if (length === undefined) throw new Error(`net ${net.name}: input ${input.name} takes sequences of any length: give the frames of this run`);
  return [length, input.shape[1]];
}

/**
 * Runs a description on a batch: inputs by name, `batch` samples each, row-major (the arrays may be longer);
 * `frames` is the length of this batch's sequences where an input takes any length. Returns the output rows.
 */
export interface NetRunner {
  run(inputs: Record<string, Float32Array>, batch: number, frames?: number): Promise<Float32Array>;
  dispose(): void;
}

export interface NetEngine {
  /** What runs, for the build summary, e.g. "onnxruntime 1.30.0 cpu ×2 threads". */
  readonly description: string;
  open(net: Net): Promise<NetRunner>;
}
