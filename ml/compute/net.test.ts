// Every network engine against the TensorFlow.js forward pass on random weights: a description using every
// layer kind (folded and unfolded batch norm included) must give the same outputs within float error.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Random } from "../core/random.ts";
import { checkNet, type Net } from "./net.ts";
import { createOnnxNetEngine, exportNet } from "./netOnnx.ts";
import { tfNetEngine } from "./netTf.ts";

function randomArray(random: Random, length: number, scale = 0.5): Float32Array {
  return Float32Array.from({ length }, () => random.range(-scale, scale));
}

function batchNormOf(random: Random, name: string, input: string, width: number) {
  return {
    op: "batchNorm" as const,
    input,
    output: name,
    gamma: Float32Array.from({ length: width }, () => random.range(0.5, 1.5)),
    beta: randomArray(random, width),
    mean: randomArray(random, width),
    variance: Float32Array.from({ length: width }, () => random.range(0.2, 2)),
    epsilon: 1e-3,
  };
}

/** A description with every node kind: two inputs, convs both ways, pools, flatten, concat, dense, L2. */
function everyLayer(seed: number): Net {
  const r = new Random(seed, "net-test");
  const frames = 20;
  return {
    name: "every-layer",
    inputs: [{ name: "frames", shape: [frames, 6] }, { name: "side", shape: [5] }],
    nodes: [
      { op: "conv1d", input: "frames", output: "c1", kernel: randomArray(r, 3 * 6 * 8), bias: randomArray(r, 8), taps: 3, inChannels: 6, outChannels: 8, dilation: 1, direction: "causal" },
      batchNormOf(r, "c1.bn", "c1", 8), // folded into c1
      { op: "relu", input: "c1.bn", output: "h1" },
      { op: "conv1d", input: "h1", output: "c2", kernel: randomArray(r, 2 * 8 * 4), bias: randomArray(r, 4), taps: 2, inChannels: 8, outChannels: 4, dilation: 3, direction: "anticausal" },
      { op: "tanh", input: "c2", output: "c2.tanh" }, // c2 is read twice: its batch norm is not folded
      batchNormOf(r, "c2.bn", "c2", 4),
      { op: "concat", inputs: ["c2.bn", "c2.tanh"], output: "both" },
      { op: "pool", kind: "mean", input: "both", output: "mean" },
      { op: "pool", kind: "max", input: "h1", output: "max" },
      { op: "flatten", input: "c2.bn", output: "flat" },
      { op: "dense", input: "flat", output: "d1", kernel: randomArray(r, frames * 4 * 7, 0.2), bias: randomArray(r, 7), inFeatures: frames * 4, outFeatures: 7 },
      batchNormOf(r, "d1.bn", "d1", 7),
      { op: "dense", input: "side", output: "d2", kernel: randomArray(r, 5 * 3), bias: randomArray(r, 3), inFeatures: 5, outFeatures: 3 },
      { op: "concat", inputs: ["mean", "max", "d1.bn", "d2"], output: "joined" },
      { op: "tanh", input: "joined", output: "joined.tanh" },
      { op: "l2normalize", input: "joined.tanh", output: "out" },
    ],
    output: "out",
  };
}

describe("network descriptions", () => {
  it("are checked: shapes flow through, and a wrong weight size names its node", () => {
    const net = everyLayer(1);
    assert.deepEqual(checkNet(net).output, { kind: "vector", features: 8 + 8 + 7 + 3 });
    const broken = { ...net, nodes: net.nodes.map((n) => (n.output === "d2" ? { ...n, bias: new Float32Array(2) } : n)) };
    assert.throws(() => checkNet(broken), /node 12 \(dense → d2\): bias has 2 values, expected 3/);
  });

  it("run on ONNX Runtime as on TensorFlow.js, within float error (batch norm folded and not)", async () => {
    const net = everyLayer(2);
    const random = new Random(3, "net-inputs");
    const batch = 9;
    const inputs = { frames: randomArray(random, batch * 20 * 6, 2), side: randomArray(random, batch * 5, 2) };
    const onnx = await (await createOnnxNetEngine(2)).open(net);
    const tf = await tfNetEngine.open(net);
    const ours = await onnx.run(inputs, batch);
    const reference = await tf.run(inputs, batch);
    assert.equal(ours.length, batch * 26);
    let maxDiff = 0;
    for (let i = 0; i < ours.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ours[i]! - reference[i]!));
    assert.ok(maxDiff < 1e-5, `max abs difference ${maxDiff}`);
    // L2-normalised rows.
    for (let b = 0; b < batch; b++) {
      const norm = Math.hypot(...ours.subarray(b * 26, (b + 1) * 26));
      assert.ok(Math.abs(norm - 1) < 1e-5);
    }
    onnx.dispose();
    tf.dispose();
  });

  it("take sequences of any length where the input says so, on every engine alike", async () => {
    const random = new Random(5, "any-length");
    const net: Net = {
      name: "any-length",
      inputs: [{ name: "frames", shape: [null, 3] }],
      nodes: [
        { op: "conv1d", input: "frames", output: "c", kernel: randomArray(random, 3 * 3 * 4), bias: randomArray(random, 4), taps: 3, inChannels: 3, outChannels: 4, dilation: 2, direction: "causal" },
        { op: "pool", kind: "max", input: "c", output: "max" },
        { op: "pool", kind: "mean", input: "c", output: "mean" },
        { op: "concat", inputs: ["mean", "max"], output: "both" },
        { op: "l2normalize", input: "both", output: "out" },
      ],
      output: "out",
    };
    const onnx = await (await createOnnxNetEngine(1)).open(net);
    const tf = await tfNetEngine.open(net);
    for (const frames of [5, 17]) {
      const input = { frames: randomArray(random, 2 * frames * 3, 2) };
      const ours = await onnx.run(input, 2, frames);
      const reference = await tf.run(input, 2, frames);
      assert.equal(ours.length, 16);
      for (let i = 0; i < ours.length; i++) assert.ok(Math.abs(ours[i]! - reference[i]!) < 1e-5, `frames ${frames}, value ${i}`);
    }
    await assert.rejects(onnx.run({ frames: new Float32Array(30) }, 2), /any length: give the frames/);
    onnx.dispose();
  });

  it("export batch norm into the layer before it when nothing else reads that layer", () => {
    const text = new TextDecoder().decode(exportNet(everyLayer(4)));
    assert.equal(text.split("BatchNormalization").length - 1, 1, "only c2's batch norm stays a node");
  });
});
