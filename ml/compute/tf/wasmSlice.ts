// TensorFlow.js's wasm backend slices in JavaScript, and starts by copying the whole input out of the wasm
// memory (`readSync`): a causal conv's tap is a slice of its padded input (tf/layers.ts `shiftedTaps`), so
// every tap of the original architecture's first layers copied 15 MB out, allocated fresh each time, to keep
// 5 MB of it. Besides the copy, the C allocator hands such blocks back to the kernel when they are freed, and
// on the VMs this project runs on faulting them in again costs about 17 µs per 4 kB page: a third of a
// training step's time. This kernel copies the slice straight from the input's place in the wasm memory.
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { replaceWasmKernel } from "./wasmKernels.ts";

type HeapArray = Float32Array | Int32Array;

function heapArray(buffer: ArrayBufferLike, dtype: "float32" | "int32", byteOffset: number, length: number): HeapArray {
  return dtype === "float32" ? new Float32Array(buffer, byteOffset, length) : new Int32Array(buffer, byteOffset, length);
}

/**
 * Copies the box `begin`..`begin + size` of a row-major array of `shape` from `from` into `to`, one
 * contiguous run at a time: the run spans the innermost axis that is cut together with every axis after it
 * (those are whole), so a slice along the frames of [batch, frames, channels] copies batch × frames runs of
 * `channels` values, or batch runs of frames × channels when it cuts the frames.
 */
export function copyBox(from: HeapArray, to: HeapArray, shape: readonly number[], begin: readonly number[], size: readonly number[]): void {
  const rank = shape.length;
  if (size.some((n) => n === 0)) return;
  if (rank === 0) {
    to[0] = from[0]!;
    return;
  }
  // The run starts at axis `cut`: the last axis that is not whole, or axis 0 when every axis is whole.
  let cut = rank - 1;
  while (cut > 0 && begin[cut] === 0 && size[cut] === shape[cut]) cut--;
  const strides = new Array<number>(rank);
  let stride = 1;
  for (let axis = rank - 1; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= shape[axis]!;
  }
  const run = size[cut]! * strides[cut]!;
  // An odometer over the axes before `cut`.
  const index = new Array<number>(cut).fill(0);
  let written = 0;
  for (;;) {
    let offset = begin[cut]! * strides[cut]!;
    for (let axis = 0; axis < cut; axis++) offset += (begin[axis]! + index[axis]!) * strides[axis]!;
    to.set(from.subarray(offset, offset + run), written);
    written += run;
    let axis = cut - 1;
    while (axis >= 0 && ++index[axis]! === size[axis]) index[axis--] = 0;
    if (axis < 0) return;
  }
}

/**
 * Replaces the wasm backend's Slice kernel with one that reads the input where it lies (float32 and int32;
 * other types keep the original). `on` false puts the original back. Returns false when the backend in use
 * is not wasm.
 */
export function sliceInPlace(on = true): boolean {
  return replaceWasmKernel("Slice", on ? (original) => (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { begin, size } = args.attrs as { begin: number | number[]; size: number | number[] };
    if (x.dtype !== "float32" && x.dtype !== "int32") return original.kernelFunc(args);
    const backend = args.backend as BackendWasm;
    const [begins, sizes] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size) as [number[], number[]];
    const out = backend.makeOutput(sizes, x.dtype);
    // Views after makeOutput: allocating may grow the memory, which replaces its buffer.
    const heap = backend.wasm.HEAPU8.buffer;
    const from = heapArray(heap, x.dtype, backend.getMemoryOffset(x.dataId), tf.util.sizeFromShape(x.shape));
    const to = heapArray(heap, x.dtype, backend.getMemoryOffset(out.dataId), tf.util.sizeFromShape(sizes));
    copyBox(from, to, x.shape, begins, sizes);
    return out;
  } : null);
}
