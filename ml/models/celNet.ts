// The trained CEL network as a description (ml/compute/net.ts) for the compute backend: what cel.ts
// `forward` computes in inference mode, layer for layer (celNet.test.ts holds the two to the same outputs).
import type { Net } from "../compute/net.ts";
import type { TensorMap } from "../compute/tf/tensorFile.ts";
import { batchNormNode, denseNode, param } from "./netParts.ts";

/** Inputs: the song's TCAE and Music2Vec embeddings; output: its CEL embedding. */
export function celNet(params: TensorMap): Net {
  const branch = (name: string) => [
    denseNode(params, name, name, `${name}.dense`),
    batchNormNode(params, `${name}.bn`, `${name}.dense`, `${name}.bn`),
    { op: "tanh" as const, input: `${name}.bn`, output: `${name}.tanh` },
  ];
  return {
    name: "cel",
    inputs: [
      { name: "tcae", shape: [param(params, "tcae.kernel").shape[0]!] },
      { name: "music2vec", shape: [param(params, "music2vec.kernel").shape[0]!] },
    ],
    nodes: [
      ...branch("tcae"),
      ...branch("music2vec"),
      { op: "concat", inputs: ["tcae.tanh", "music2vec.tanh"], output: "joined" },
      denseNode(params, "joint", "joined", "joint.dense"),
      batchNormNode(params, "joint.bn", "joint.dense", "joint.bn"),
      { op: "tanh", input: "joint.bn", output: "joint.tanh" },
      denseNode(params, "out", "joint.tanh", "out.dense"),
      { op: "tanh", input: "out.dense", output: "embedding" },
    ],
    output: "embedding",
  };
}
