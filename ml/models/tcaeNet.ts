// The trained TCAE's encoder as a network description (ml/compute/net.ts), which the compute backend runs on
// ONNX Runtime to encode every song. It walks tcae.ts `encoderLayers`, the same list the TensorFlow.js
// forward pass walks, layer for layer; tcaeNet.test.ts holds the two to the same outputs for both heads, so
// a layer kind added to the encoder fails there until this description follows it.
import { MEL_BANDS } from "../data/melon.ts";
import type { Net, NetNode } from "../compute/net.ts";
import { encoderLayers, type TcaeModel } from "./tcae.ts";
import { batchNormNode, conv1dNode, denseNode, param } from "./netParts.ts";
import { gridPositions, unrolledFrontKernel } from "./tcaePitch.ts";

/**
 * Input: standardised, pooled songs [frames, 48] (time-major): crops of `frames / pool` for the dense head,
 * any length (given per run) for the meanMax head, which pools over time. Output: the embedding [embeddingDim].
 */
export function tcaeEncoderNet(model: TcaeModel): Net {
  const { config, params } = model;
  const nodes: NetNode[] = [];
  let h = "windows";
  let channels = MEL_BANDS;
  let fixedLength = false;
  for (const layer of encoderLayers(config)) {
    switch (layer.kind) {
      case "conv":
        nodes.push(
          conv1dNode(params, layer.name, h, layer.name, channels, layer.dilation, "causal"),
          batchNormNode(params, `${layer.name}.bn`, layer.name, `${layer.name}.bn`),
          { op: "relu", input: `${layer.name}.bn`, output: `${layer.name}.relu` },
        );
        h = `${layer.name}.relu`;
        channels = layer.outputs;
        break;
      case "pitchFront": {
        // The front as one wide conv over the mel bands (the resampling and every grid position unrolled into
        // its kernel, tcaePitch.ts), then the maximum over the positions.
        const positions = gridPositions(layer.semitones);
        const bias = param(params, `${layer.name}.bias`).data;
        nodes.push(
          {
            op: "conv1d",
            input: h,
            output: layer.name,
            kernel: unrolledFrontKernel(param(params, `${layer.name}.kernel`).data, layer.kernel, layer.semitones, layer.outputs),
            bias: Float32Array.from({ length: positions * layer.outputs }, (_, i) => bias[i % layer.outputs]!),
            taps: layer.kernel,
            inChannels: MEL_BANDS,
            outChannels: positions * layer.outputs,
            dilation: layer.dilation,
            direction: "causal",
          },
          { op: "maxGroups", groups: positions, input: layer.name, output: `${layer.name}.max` },
          batchNormNode(params, `${layer.name}.bn`, `${layer.name}.max`, `${layer.name}.bn`),
          { op: "relu", input: `${layer.name}.bn`, output: `${layer.name}.relu` },
        );
        h = `${layer.name}.relu`;
        channels = layer.outputs;
        break;
      }
      case "flatten":
        fixedLength = true;
        nodes.push({ op: "flatten", input: h, output: "flat" });
        h = "flat";
        break;
      case "timePool":
        for (const op of layer.ops) nodes.push({ op: "pool", kind: op, input: h, output: `pool.${op}` });
        nodes.push({ op: "concat", inputs: layer.ops.map((op) => `pool.${op}`), output: "pooled" });
        h = "pooled";
        break;
      case "dense": {
        nodes.push(denseNode(params, layer.name, h, layer.name));
        h = layer.name;
        if (layer.batchNorm) {
          nodes.push(batchNormNode(params, `${layer.name}.bn`, h, `${layer.name}.bn`));
          h = `${layer.name}.bn`;
        }
        if (layer.activation === "tanh") {
          nodes.push({ op: "tanh", input: h, output: `${layer.name}.tanh` });
          h = `${layer.name}.tanh`;
        }
        break;
      }
      case "l2normalize":
        nodes.push({ op: "l2normalize", input: h, output: "unit" });
        h = "unit";
        break;
    }
  }
  const frames = fixedLength ? config.frames / config.pool : null;
  return { name: "tcae-encoder", inputs: [{ name: "windows", shape: [frames, MEL_BANDS] }], nodes, output: h };
}
