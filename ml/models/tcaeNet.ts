// The trained TCAE's encoder as a network description (ml/compute/net.ts), which the compute backend runs on
// ONNX Runtime to encode every song. It states, layer for layer, what tcae.ts `encodeWindows` computes in
// inference mode; tcaeNet.test.ts holds the two to the same outputs, so a change to the encoder's
// architecture fails there until this description follows it.
import { MEL_BANDS } from "../data/melon.ts";
import type { Net, NetNode } from "../compute/net.ts";
import type { TcaeModel } from "./tcae.ts";
import { batchNormNode, conv1dNode, denseNode } from "./netParts.ts";

/** Input: standardised windows [frames / pool, 48] (time-major); output: the embedding [embeddingDim]. */
export function tcaeEncoderNet(model: TcaeModel): Net {
  const { config, params } = model;
  const frames = config.frames / config.pool;
  const nodes: NetNode[] = [];
  let h = "windows";
  let channels = MEL_BANDS;
  config.channels.forEach((out, i) => {
    nodes.push(
      conv1dNode(params, `enc${i}`, h, `enc${i}`, channels, config.dilations[i]!, "causal"),
      batchNormNode(params, `enc${i}.bn`, `enc${i}`, `enc${i}.bn`),
      { op: "relu", input: `enc${i}.bn`, output: `enc${i}.relu` },
    );
    h = `enc${i}.relu`;
    channels = out;
  });
  nodes.push(
    { op: "flatten", input: h, output: "flat" },
    denseNode(params, "bottleneck", "flat", "bottleneck"),
    batchNormNode(params, "bottleneck.bn", "bottleneck", "bottleneck.bn"),
    { op: "tanh", input: "bottleneck.bn", output: "embedding" },
  );
  return { name: "tcae-encoder", inputs: [{ name: "windows", shape: [frames, MEL_BANDS] }], nodes, output: "embedding" };
}
