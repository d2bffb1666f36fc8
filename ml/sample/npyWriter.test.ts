import assert from "node:assert/strict";
import { test } from "node:test";
import { parse } from "npyjs";
import { encodeNpy, npyHeader, toFloat16Bits } from "./npyWriter.ts";

test("the header is byte for byte what numpy.save writes for a (48, 1876) float16 array", () => {
  // Checked against numpy 1.24: np.save(f, np.zeros((48, 1876), "<f2")) starts with these 128 bytes.
  const dict = "{'descr': '<f2', 'fortran_order': False, 'shape': (48, 1876), }";
  const expected = Buffer.concat([
    Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 0x01, 0x00, 0x76, 0x00]),
    Buffer.from(`${dict}${" ".repeat(118 - dict.length - 1)}\n`, "latin1"),
  ]);
  assert.equal(expected.length, 128);
  assert.deepEqual(npyHeader("float16", [48, 1876]), expected);
  assert.equal(npyHeader("float32", [48, 938]).subarray(10).toString("latin1").trimEnd(), "{'descr': '<f4', 'fortran_order': False, 'shape': (48, 938), }");
});

test("headers are padded to a multiple of 64 bytes and end with a newline", () => {
  for (const shape of [[48, 1], [48, 1876], [1, 21], [123456789, 987654321]]) {
    const header = npyHeader("float32", shape);
    assert.equal(header.length % 64, 0, `shape ${shape}`);
    assert.equal(header[header.length - 1], 0x0a);
    assert.equal(header.readUInt16LE(8), header.length - 10);
  }
});

test("float16 conversion rounds to nearest even like numpy's astype", () => {
  const cases: [number, number][] = [
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [-80, 0xd500],
    [12, 0x4a00],
    [65504, 0x7bff], // largest half
    [70000, 0x7c00], // overflows to +inf
    [2049, 0x6800], // halfway between 2048 and 2050: ties to even (2048)
    [2051, 0x6802], // halfway between 2050 and 2052: ties to even (2052)
    [0.1, 0x2e66],
    [1 / 3, 0x3555],
    [5.96e-8, 0x0001], // smallest subnormal
    [2.9e-8, 0x0000], // below half the smallest subnormal
    [Number.NEGATIVE_INFINITY, 0xfc00],
  ];
  for (const [value, bits] of cases) assert.equal(toFloat16Bits(value), bits, `${value}`);
  assert.equal(toFloat16Bits(Number.NaN) & 0x7c00, 0x7c00);
  assert.notEqual(toFloat16Bits(Number.NaN) & 0x03ff, 0);
});

test("encoded files parse with npyjs to the same shape and values", () => {
  const values = Float32Array.from({ length: 48 * 5 }, (_, i) => -80 + i * 0.25);
  for (const dtype of ["float16", "float32"] as const) {
    const file = encodeNpy(values, 48, 5, dtype);
    const npy = parse(file.buffer.slice(file.byteOffset, file.byteOffset + file.length) as ArrayBuffer);
    assert.deepEqual(npy.shape, [48, 5]);
    assert.equal(npy.fortranOrder, false);
    assert.equal(npy.dtype, dtype === "float16" ? "f2" : "f4");
    const data = npy.data as Float32Array;
    // Quarter steps in [-80, -20] are exact in float16.
    assert.deepEqual(Array.from(data), Array.from(values));
  }
  assert.throws(() => encodeNpy(values, 48, 4, "float16"), /240 values for shape \(48, 4\)/);
});
