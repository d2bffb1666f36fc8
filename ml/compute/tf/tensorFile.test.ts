import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeTensors, encodeTensors, type TensorMap } from "./tensorFile.ts";

test("tensors and meta survive a round trip bit for bit, in order", () => {
  const tensors: TensorMap = new Map([
    ["b", { shape: [2, 3], data: Float32Array.from([1, -2, 3.5, Math.PI, -0, 1e-30]) }],
    ["a", { shape: [1], data: Float32Array.from([Number.MAX_VALUE]) }],
    ["empty", { shape: [0, 4], data: new Float32Array(0) }],
  ]);
  const bytes = encodeTensors(tensors, { model: "x", config: { frames: 512, name: "한국어" } });
  const back = decodeTensors(bytes);
  assert.deepEqual([...back.tensors.keys()], ["b", "a", "empty"]);
  for (const [name, t] of tensors) {
    assert.deepEqual(back.tensors.get(name)!.shape, t.shape);
    assert.deepEqual(Array.from(back.tensors.get(name)!.data), Array.from(t.data));
  }
  assert.deepEqual(back.meta, { model: "x", config: { frames: 512, name: "한국어" } });
  // Decoding works from any byte offset (a Buffer slice out of SQLite).
  const shifted = new Uint8Array(bytes.length + 3);
  shifted.set(bytes, 3);
  assert.deepEqual(Array.from(decodeTensors(shifted.subarray(3)).tensors.get("b")!.data), Array.from(tensors.get("b")!.data));
});

test("foreign, truncated or inconsistent input is refused with a message", () => {
  assert.throws(() => decodeTensors(new TextEncoder().encode("PK\u0003\u0004 not ours")), /not a mugle tensor file/);
  const bytes = encodeTensors(new Map([["w", { shape: [4], data: new Float32Array(4) }]]));
  assert.throws(() => decodeTensors(bytes.subarray(0, bytes.length - 4)), /truncated/);
  assert.throws(() => encodeTensors(new Map([["w", { shape: [3], data: new Float32Array(4) }]])), /does not hold/);
});
