import assert from "node:assert/strict";
import { test } from "node:test";
import { inflateSync } from "node:zlib";
import { crc32, encodeIndexedPng } from "./png.ts";

/** The chunks of a PNG file, each with its stored and recomputed CRC. */
function chunks(png: Buffer): { type: string; data: Buffer; crc: number; expected: number }[] {
  const out = [];
  let at = 8;
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    out.push({ type, data, crc: png.readUInt32BE(at + 8 + length), expected: crc32(png.subarray(at + 4, at + 8 + length)) });
    at += 12 + length;
  }
  return out;
}

test("crc32: the standard check value and PNG's IEND chunk", () => {
  assert.equal(crc32(Buffer.from("123456789")), 0xcbf43926);
  assert.equal(crc32(Buffer.from("IEND")), 0xae426082);
});

test("an indexed PNG: signature, IHDR, PLTE, IDAT whose rows inflate back to the pixels, IEND; every CRC right", () => {
  const width = 5;
  const height = 3;
  const pixels = Uint8Array.from({ length: width * height }, (_, i) => (i * 37) % 4);
  const palette = Uint8Array.from([0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255]);
  const png = encodeIndexedPng({ width, height, pixels, palette });
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const parts = chunks(png);
  assert.deepEqual(parts.map((c) => c.type), ["IHDR", "PLTE", "IDAT", "IEND"]);
  for (const c of parts) assert.equal(c.crc, c.expected, `${c.type} CRC`);
  const ihdr = parts[0]!.data;
  assert.deepEqual([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ihdr[8], ihdr[9], ihdr[10], ihdr[11], ihdr[12]], [width, height, 8, 3, 0, 0, 0]);
  assert.deepEqual([...parts[1]!.data], [...palette]);
  const rows = inflateSync(parts[2]!.data);
  assert.equal(rows.length, height * (width + 1));
  for (let y = 0; y < height; y++) {
    assert.equal(rows[y * (width + 1)], 0, "filter type None");
    assert.deepEqual([...rows.subarray(y * (width + 1) + 1, (y + 1) * (width + 1))], [...pixels.subarray(y * width, (y + 1) * width)]);
  }
});

test("refuses sizes and palettes PNG cannot hold", () => {
  const palette = new Uint8Array(3);
  assert.throws(() => encodeIndexedPng({ width: 0, height: 1, pixels: new Uint8Array(0), palette }), RangeError);
  assert.throws(() => encodeIndexedPng({ width: 2, height: 2, pixels: new Uint8Array(3), palette }), RangeError);
  assert.throws(() => encodeIndexedPng({ width: 1, height: 1, pixels: new Uint8Array(1), palette: new Uint8Array(257 * 3) }), RangeError);
});
