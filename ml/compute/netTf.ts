// The reference engine for network descriptions (net.ts): each node run with TensorFlow.js and the training
// code's own layers (tf/layers.ts), batch norm on its moving averages exactly as the models encode when
// training. What the ONNX export is tested against, and what runs where ONNX Runtime does not load.
import * as tf from "@tensorflow/tfjs";
import { L2_EPSILON, checkNet, runShape, type Net, type NetEngine, type NetRunner } from "./net.ts";
import { initBackend } from "./tf/backend.ts";
import { batchNorm, dilatedConv1d, linear } from "./tf/layers.ts";

/** The forward pass of `net` on tensors: sequences [batch, frames, channels], vectors [batch, features]. */
function forward(net: Net, inputs: Map<string, tf.Tensor>): tf.Tensor {
  const values = new Map(inputs);
  const at = (name: string) => values.get(name)!;
  for (const node of net.nodes) {
    let y: tf.Tensor;
    switch (node.op) {
      case "conv1d":
        y = dilatedConv1d(at(node.input) as tf.Tensor3D, tf.tensor2d(node.kernel, [node.taps * node.inChannels, node.outChannels]), tf.tensor1d(node.bias), node.dilation, node.direction);
        break;
      case "dense":
        y = linear(at(node.input) as tf.Tensor2D, tf.tensor2d(node.kernel, [node.inFeatures, node.outFeatures]), tf.tensor1d(node.bias));
        break;
      case "batchNorm": {
        const x = at(node.input);
        const width = x.shape[x.shape.length - 1]!;
        const params = { gamma: tf.tensor1d(node.gamma), beta: tf.tensor1d(node.beta), movingMean: tf.tensor1d(node.mean), movingVariance: tf.tensor1d(node.variance) };
        if (Math.abs(node.epsilon - 1e-3) > 1e-12) throw new Error(`net ${net.name}: the TensorFlow.js layers use batch-norm epsilon 1e-3, not ${node.epsilon}`);
        y = tf.reshape(batchNorm(tf.reshape(x, [-1, width]) as tf.Tensor2D, params, null), x.shape);
        break;
      }
      case "relu":
        y = tf.relu(at(node.input));
        break;
      case "tanh":
        y = tf.tanh(at(node.input));
        break;
      case "pool":
        y = node.kind === "mean" ? tf.mean(at(node.input), 1) : tf.max(at(node.input), 1);
        break;
      case "maxGroups": {
        const x = at(node.input);
        const [batch, frames, channels] = x.shape as [number, number, number];
        y = tf.max(tf.reshape(x, [batch, frames, node.groups, channels / node.groups]), 2);
        break;
      }
      case "flatten": {
        const x = at(node.input);
        y = tf.reshape(x, [x.shape[0]!, -1]);
        break;
      }
      case "concat":
        y = tf.concat(node.inputs.map(at), -1);
        break;
      case "l2normalize": {
        const x = at(node.input);
        y = tf.div(x, tf.sqrt(tf.add(tf.sum(tf.square(x), -1, true), L2_EPSILON)));
        break;
      }
    }
    values.set(node.output, y);
  }
  return at(net.output);
}

export const tfNetEngine: NetEngine = {
  description: "tensorflow.js",
  async open(net: Net): Promise<NetRunner> {
    checkNet(net);
    await initBackend();
    return {
      async run(inputs, batch, frames) {
        const output = tf.tidy(() => {
          const tensors = new Map<string, tf.Tensor>();
          for (const input of net.inputs) {
            const shape = runShape(net, input, frames);
            const size = batch * shape.reduce((a, b) => a * b, 1);
            const data = inputs[input.name];
            if (!data || data.length < size) throw new Error(`net ${net.name}: input ${input.name} needs ${size} values`);
            tensors.set(input.name, tf.tensor(data.subarray(0, size), [batch, ...shape]));
          }
          return forward(net, tensors);
        });
        const values = (await output.data()) as Float32Array;
        output.dispose();
        return Float32Array.from(values);
      },
      dispose() {},
    };
  },
};
