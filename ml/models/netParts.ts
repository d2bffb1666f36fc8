// Building blocks for describing a trained model's encoder as a network description (ml/compute/net.ts)
// from its stored parameters (a TensorMap named as ml/compute/tf/params.ts names them).
import type { NetNode } from "../compute/net.ts";
import { BN_EPSILON } from "../compute/tf/layers.ts";
import type { TensorMap } from "../compute/tf/tensorFile.ts";

/** A stored parameter's values, failing loudly on a missing one (a description out of step with the model). */
export function param(params: TensorMap, name: string): { data: Float32Array; shape: number[] } {
  const t = params.get(name);
  if (!t) throw new Error(`missing parameter ${name}`);
  return t;
}

/** The inference batch norm stored under `name` (gamma, beta, moving mean and variance). */
export function batchNormNode(params: TensorMap, name: string, input: string, output: string): NetNode {
  return {
    op: "batchNorm",
    input,
    output,
    gamma: param(params, `${name}.gamma`).data,
    beta: param(params, `${name}.beta`).data,
    mean: param(params, `${name}.movingMean`).data,
    variance: param(params, `${name}.movingVariance`).data,
    epsilon: BN_EPSILON,
  };
}

/** The dense layer stored under `name` (kernel [in, out], bias [out]), as tf/layers.ts `linear`. */
export function denseNode(params: TensorMap, name: string, input: string, output: string): NetNode {
  const kernel = param(params, `${name}.kernel`);
  return { op: "dense", input, output, kernel: kernel.data, bias: param(params, `${name}.bias`).data, inFeatures: kernel.shape[0]!, outFeatures: kernel.shape[1]! };
}

/** The conv layer stored under `name` (kernel [taps · in, out]), as tf/layers.ts `dilatedConv1d`. */
export function conv1dNode(params: TensorMap, name: string, input: string, output: string, inChannels: number, dilation: number, direction: "causal" | "anticausal"): NetNode {
  const kernel = param(params, `${name}.kernel`);
  const taps = kernel.shape[0]! / inChannels;
  return { op: "conv1d", input, output, kernel: kernel.data, bias: param(params, `${name}.bias`).data, taps, inChannels, outChannels: kernel.shape[1]!, dilation, direction };
}
