// A network description (net.ts) as an ONNX graph, and the engine that runs it on ONNX Runtime.
//
// Layout: sequences enter time-major [batch, frames, channels] and are transposed once to ONNX's
// [batch, channels, frames], where Conv, BatchNormalization and the reductions work on axis 1; a flatten
// transposes back so the features come out time-major as the models flatten them. Batch norm after a conv or
// dense layer (and read by nothing else) is folded into that layer's weights: w·s and (b − mean)·s + β with
// s = γ / √(variance + ε), worked out in float64, so inference costs one layer instead of two.
import { L2_EPSILON, checkNet, runShape, type Net, type NetEngine, type NetNode, type NetRunner } from "./net.ts";
import { OnnxGraph } from "./onnx/model.ts";
import { loadOrt, openSession, ortVersion } from "./onnx/runtime.ts";

type Folded = Extract<NetNode, { op: "batchNorm" }>;

/** Batch norms to fold: keyed by the conv or dense node whose output only they read. */
function foldable(net: Net): Map<NetNode, Folded> {
  const readers = new Map<string, number>();
  for (const node of net.nodes) for (const name of "inputs" in node ? node.inputs : [node.input]) readers.set(name, (readers.get(name) ?? 0) + 1);
  if (net.output) readers.set(net.output, (readers.get(net.output) ?? 0) + 1);
  const producers = new Map(net.nodes.map((node) => [node.output, node]));
  const folds = new Map<NetNode, Folded>();
  for (const node of net.nodes) {
    if (node.op !== "batchNorm") continue;
    const producer = producers.get(node.input);
    if (producer && (producer.op === "conv1d" || producer.op === "dense") && readers.get(node.input) === 1) folds.set(producer, node);
  }
  return folds;
}

/** Per-output-channel scale and shift of a batch norm folded into a layer with bias `bias`. */
function foldedAffine(bias: Float32Array, bn: Folded | undefined): { scale: Float64Array; shift: Float32Array } {
  const scale = new Float64Array(bias.length).fill(1);
  const shift = Float32Array.from(bias);
  if (!bn) return { scale, shift };
  for (let c = 0; c < bias.length; c++) {
    scale[c] = bn.gamma[c]! / Math.sqrt(bn.variance[c]! + bn.epsilon);
    shift[c] = (bias[c]! - bn.mean[c]!) * scale[c]! + bn.beta[c]!;
  }
  return { scale, shift };
}

/** The serialised ONNX model of a description. */
export function exportNet(net: Net): Uint8Array {
  const { output, values } = checkNet(net);
  const folds = foldable(net);
  const foldedAway = new Set<NetNode>(folds.values());
  const g = new OnnxGraph(net.name);
  const names = new Map<string, string>();
  const at = (name: string) => names.get(name)!;

  for (const input of net.inputs) {
    if (input.shape.length === 2) {
      g.input(input.name, "float", ["batch", input.shape[0] ?? "frames", input.shape[1]]);
      names.set(input.name, g.op("Transpose", [input.name], { perm: { ints: [0, 2, 1] } }));
    } else {
      g.input(input.name, "float", ["batch", input.shape[0]]);
      names.set(input.name, input.name);
    }
  }

  for (const node of net.nodes) {
    if (foldedAway.has(node)) {
      names.set(node.output, at((node as Folded).input));
      continue;
    }
    let result: string;
    switch (node.op) {
      case "conv1d": {
        const { taps, inChannels: cin, outChannels: cout } = node;
        const { scale, shift } = foldedAffine(node.bias, folds.get(node));
        const weights = new Float32Array(cout * cin * taps);
        for (let co = 0; co < cout; co++) {
          for (let ci = 0; ci < cin; ci++) {
            for (let k = 0; k < taps; k++) weights[(co * cin + ci) * taps + k] = node.kernel[(k * cin + ci) * cout + co]! * scale[co]!;
          }
        }
        const reach = (taps - 1) * node.dilation;
        result = g.op("Conv", [at(node.input), g.constant(`${node.output}.weight`, weights, [cout, cin, taps]), g.constant(`${node.output}.bias`, shift, [cout])], {
          kernel_shape: { ints: [taps] },
          dilations: { ints: [node.dilation] },
          pads: { ints: node.direction === "causal" ? [reach, 0] : [0, reach] },
          strides: { ints: [1] },
        });
        break;
      }
      case "dense": {
        const { scale, shift } = foldedAffine(node.bias, folds.get(node));
        const weights = Float32Array.from(node.kernel, (w, i) => w * scale[i % node.outFeatures]!);
        result = g.op("Gemm", [at(node.input), g.constant(`${node.output}.weight`, weights, [node.inFeatures, node.outFeatures]), g.constant(`${node.output}.bias`, shift, [node.outFeatures])]);
        break;
      }
      case "batchNorm": {
        const c = node.gamma.length;
        result = g.op(
          "BatchNormalization",
          [at(node.input), g.constant(`${node.output}.gamma`, node.gamma, [c]), g.constant(`${node.output}.beta`, node.beta, [c]), g.constant(`${node.output}.mean`, node.mean, [c]), g.constant(`${node.output}.variance`, node.variance, [c])],
          { epsilon: { float: node.epsilon } },
        );
        break;
      }
      case "relu":
        result = g.op("Relu", [at(node.input)]);
        break;
      case "tanh":
        result = g.op("Tanh", [at(node.input)]);
        break;
      case "pool":
        result = g.op(node.kind === "mean" ? "ReduceMean" : "ReduceMax", [at(node.input)], { axes: { ints: [2] }, keepdims: { int: 0 } });
        break;
      case "maxGroups": {
        // [batch, groups · C, frames] → [batch, groups, C, frames] → the maximum over the groups.
        const width = (values.get(node.output) as { channels: number }).channels;
        const blocks = g.op("Reshape", [at(node.input), g.ints(`${node.output}.shape`, [0, node.groups, width, -1])]);
        result = g.op("ReduceMax", [blocks], { axes: { ints: [1] }, keepdims: { int: 0 } });
        break;
      }
      case "flatten":
        result = g.op("Reshape", [g.op("Transpose", [at(node.input)], { perm: { ints: [0, 2, 1] } }), g.ints("flat", [0, -1])]);
        break;
      case "concat":
        result = g.op("Concat", node.inputs.map(at), { axis: { int: 1 } });
        break;
      case "l2normalize": {
        const squares = g.op("ReduceSumSquare", [at(node.input)], { axes: { ints: [1] }, keepdims: { int: 1 } });
        const norm = g.op("Sqrt", [g.op("Add", [squares, g.constant("epsilon", Float32Array.of(L2_EPSILON), [])])]);
        result = g.op("Div", [at(node.input), norm]);
        break;
      }
    }
    names.set(node.output, result);
  }

  let out = at(net.output);
  if (output.kind === "sequence") {
    out = g.op("Transpose", [out], { perm: { ints: [0, 2, 1] } });
    g.output(out, "float", ["batch", output.frames ?? "frames", output.channels]);
  } else {
    g.output(out, "float", ["batch", output.features]);
  }
  return g.toModel();
}

/** Runs descriptions on ONNX Runtime with `threads` intra-op threads. */
export async function createOnnxNetEngine(threads: number): Promise<NetEngine> {
  const ort = await loadOrt();
  const version = await ortVersion();
  return {
    description: `onnxruntime ${version} cpu ×${threads} thread${threads === 1 ? "" : "s"}`,
    async open(net: Net): Promise<NetRunner> {
      const session = await openSession(exportNet(net), threads);
      const outputName = session.outputNames[0]!;
      return {
        async run(inputs, batch, frames) {
          const feeds: Record<string, InstanceType<typeof ort.Tensor>> = {};
          for (const input of net.inputs) {
            const data = inputs[input.name];
            const shape = runShape(net, input, frames);
            const size = batch * shape.reduce((a, b) => a * b, 1);
            if (!data || data.length < size) throw new Error(`net ${net.name}: input ${input.name} needs ${size} values`);
            feeds[input.name] = new ort.Tensor("float32", data.subarray(0, size), [batch, ...shape]);
          }
          const result = await session.run(feeds);
          const values = Float32Array.from(result[outputName]!.data as Float32Array);
          for (const tensor of Object.values(result)) tensor.dispose();
          return values;
        },
        dispose() {
          void session.release();
        },
      };
    },
  };
}
