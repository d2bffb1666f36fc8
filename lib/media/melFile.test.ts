import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { parseMelNpy, readMelFile } from "./melFile.ts";

const work = mkdtempSync(join(tmpdir(), "mugle-mel-file-"));
after(() => rmSync(work, { recursive: true, force: true }));

/** A .npy file (format 1.0) as numpy writes it: the header padded with spaces to a multiple of 64 bytes. */
function npy(descr: string, shape: number[], data: Uint8Array, fortran = false): Buffer {
  let header = `{'descr': '${descr}', 'fortran_order': ${fortran ? "True" : "False"}, 'shape': (${shape.join(", ")}${shape.length === 1 ? "," : ""}), }`;
  const total = 10 + header.length + 1;
  header += " ".repeat((64 - (total % 64)) % 64) + "\n";
  const head = Buffer.alloc(10);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(head);
  head.writeUInt16LE(header.length, 8);
  return Buffer.concat([head, Buffer.from(header, "latin1"), Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
}

test("float32 and float16 spectrograms read as band-major dB values", () => {
  const values = Float32Array.from([-1, -2, -3, -4, -5, -6]);
  assert.deepEqual(parseMelNpy(npy("<f4", [2, 3], new Uint8Array(values.buffer))), { bands: 2, frames: 3, data: values });
  // float16 bits of 1, -2, 0.5, 0
  const halves = Uint16Array.from([0x3c00, 0xc000, 0x3800, 0x0000]);
  const parsed = parseMelNpy(npy("<f2", [2, 2], new Uint8Array(halves.buffer)))!;
  assert.deepEqual([parsed.bands, parsed.frames, [...parsed.data]], [2, 2, [1, -2, 0.5, 0]]);
});

test("anything else is no spectrogram (null), never an exception", () => {
  const four = new Uint8Array(new Float32Array(4).buffer);
  assert.equal(parseMelNpy(Buffer.from("not a numpy file at all, just text")), null);
  assert.equal(parseMelNpy(npy("<i4", [2, 2], four)), null, "integers");
  assert.equal(parseMelNpy(npy("<f4", [4], four)), null, "1-D");
  assert.equal(parseMelNpy(npy("<f4", [2, 2], four, true)), null, "Fortran order");
  assert.equal(parseMelNpy(npy("<f4", [2, 3], four)), null, "truncated data");
  assert.equal(readMelFile(join(work, "missing.npy")), null);
  writeFileSync(join(work, "empty.npy"), "");
  assert.equal(readMelFile(join(work, "empty.npy")), null);
});
