// A model's parameters as plain named Float32Arrays (a TensorMap): initialised from the seeded Random (tfjs
// initialisers draw from Math.random, which would make builds irreproducible), turned into tf.Variables for
// training, into constant tensors for encoding, and stored with 'mugle-tensors-v1'.
import * as tf from "@tensorflow/tfjs";
import type { Random } from "../../core/random.ts";
import type { StoredTensor, TensorMap } from "./tensorFile.ts";

export interface ParamSpec {
  name: string;
  shape: number[];
  /** glorot: uniform ±√(6 / (fan in + fan out)) over the first two dims (Keras' default for dense and conv). */
  init: "glorot" | "zeros" | "ones";
  /** Batch-norm moving averages are state, not trained by the optimiser. */
  trainable: boolean;
}

export function denseSpecs(name: string, inputs: number, outputs: number): ParamSpec[] {
  return [
    { name: `${name}.kernel`, shape: [inputs, outputs], init: "glorot", trainable: true },
    { name: `${name}.bias`, shape: [outputs], init: "zeros", trainable: true },
  ];
}

/** A batch-norm layer's parameters; `affine` false keeps gamma 1 and beta 0 (plain standardisation). */
export function batchNormSpecs(name: string, channels: number, affine = true): ParamSpec[] {
  return [
    { name: `${name}.gamma`, shape: [channels], init: "ones", trainable: affine },
    { name: `${name}.beta`, shape: [channels], init: "zeros", trainable: affine },
    { name: `${name}.movingMean`, shape: [channels], init: "zeros", trainable: false },
    { name: `${name}.movingVariance`, shape: [channels], init: "ones", trainable: false },
  ];
}

export function initParams(specs: ParamSpec[], rng: Random): TensorMap {
  const map: TensorMap = new Map();
  for (const spec of specs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (spec.init === "ones") data.fill(1);
    if (spec.init === "glorot") {
      const limit = Math.sqrt(6 / ((spec.shape[0] ?? 1) + (spec.shape[1] ?? 1)));
      for (let i = 0; i < size; i++) data[i] = rng.range(-limit, limit);
    }
    map.set(spec.name, { shape: spec.shape, data });
  }
  return map;
}

/** Looks parameters up by name, failing loudly on a missing one (a stale or foreign weights file). */
export type Params = (name: string) => tf.Tensor;

export function paramLookup(tensors: Map<string, tf.Tensor>): Params {
  return (name) => {
    const t = tensors.get(name);
    if (!t) throw new Error(`missing parameter ${name}`);
    return t;
  };
}

/** Variables for training: trainable ones are what the optimiser updates. */
export function toVariables(map: TensorMap, specs: ParamSpec[]): { all: Map<string, tf.Variable>; trainable: tf.Variable[] } {
  const all = new Map<string, tf.Variable>();
  const trainable: tf.Variable[] = [];
  for (const spec of specs) {
    const stored = map.get(spec.name);
    if (!stored) throw new Error(`missing parameter ${spec.name}`);
    const v = tf.variable(tf.tensor(stored.data, stored.shape), spec.trainable, spec.name);
    all.set(spec.name, v);
    if (spec.trainable) trainable.push(v);
  }
  return { all, trainable };
}

/** Constant tensors for inference; dispose them with `disposeAll`. */
export function toTensors(map: TensorMap): Map<string, tf.Tensor> {
  const out = new Map<string, tf.Tensor>();
  for (const [name, t] of map) out.set(name, tf.tensor(t.data, t.shape));
  return out;
}

export function snapshot(tensors: Map<string, tf.Tensor>): TensorMap {
  const map: TensorMap = new Map();
  for (const [name, t] of tensors) map.set(name, { shape: t.shape.slice(), data: Float32Array.from(t.dataSync() as Float32Array) } satisfies StoredTensor);
  return map;
}

export function disposeAll(tensors: Map<string, tf.Tensor>): void {
  for (const t of tensors.values()) t.dispose();
}

/** A batch-norm layer's four tensors, for `batchNorm` in layers.ts. */
export function batchNormParams(p: Params, name: string) {
  return {
    gamma: p(`${name}.gamma`) as tf.Tensor1D,
    beta: p(`${name}.beta`) as tf.Tensor1D,
    movingMean: p(`${name}.movingMean`) as tf.Tensor1D,
    movingVariance: p(`${name}.movingVariance`) as tf.Tensor1D,
  };
}
