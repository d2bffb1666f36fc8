import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { dump } from "npyjs";
import { hasMel, listMelIds, readMel } from "./mel.ts";
import { MEL_BANDS, MEL_FRAMES } from "./melon.ts";

const dir = mkdtempSync(join(tmpdir(), "mugle-mel-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** numpy.save bytes of `data` with `shape`, via npyjs; `patch` rewrites header text of equal length. */
function npy(data: Float32Array | Float64Array | Int32Array | Uint16Array, shape: number[], patch?: [string, string]): Buffer {
  const bytes = Buffer.from(dump(data, shape));
  if (patch) {
    const at = bytes.indexOf(patch[0], 0, "latin1");
    assert.ok(at > 0 && patch[0].length === patch[1].length);
    bytes.write(patch[1], at, "latin1");
  }
  return bytes;
}

function save(id: number, bytes: Uint8Array): void {
  const folder = join(dir, "arena_mel", String(Math.floor(id / 1000)));
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, `${id}.npy`), bytes);
}

/** A (48, frames) spectrogram whose value encodes band and frame: band * 10000 + frame. */
function ramp(frames: number, bands = MEL_BANDS): Float32Array {
  const data = new Float32Array(bands * frames);
  for (let b = 0; b < bands; b++) for (let f = 0; f < frames; f++) data[b * frames + f] = b * 10000 + f;
  return data;
}

function errorOf(id: number, bytes: Uint8Array): string {
  save(id, bytes);
  try {
    readMel(dir, id);
  } catch (error) {
    assert.equal((error as Error).name, "DataError");
    return (error as Error).message;
  }
  return assert.fail("expected a DataError");
}

describe("readMel", () => {
  it("returns a full-length float32 spectrogram band-major", () => {
    save(1001, npy(ramp(MEL_FRAMES), [MEL_BANDS, MEL_FRAMES]));
    const mel = readMel(dir, 1001)!;
    assert.equal(mel.length, MEL_BANDS * MEL_FRAMES);
    assert.equal(mel[0], 0);
    assert.equal(mel[3 * MEL_FRAMES + 17], 30017);
    assert.equal(mel[47 * MEL_FRAMES + 1875], 471875);
  });

  it("pads a short clip by repeating its last frame and cuts a long one", () => {
    save(2, npy(ramp(3), [MEL_BANDS, 3]));
    const short = readMel(dir, 2)!;
    assert.deepEqual([...short.subarray(5 * MEL_FRAMES, 5 * MEL_FRAMES + 5)], [50000, 50001, 50002, 50002, 50002]);
    assert.equal(short[5 * MEL_FRAMES + MEL_FRAMES - 1], 50002);
    save(3, npy(ramp(MEL_FRAMES + 10), [MEL_BANDS, MEL_FRAMES + 10]));
    const long = readMel(dir, 3)!;
    assert.equal(long.length, MEL_BANDS * MEL_FRAMES);
    assert.equal(long[MEL_FRAMES], 10000); // band 1 starts at frame 0, not at the cut-off frame 1876 of band 0
    assert.equal(long[2 * MEL_FRAMES - 1], 10000 + MEL_FRAMES - 1);
  });

  it("widens float16 to float32", () => {
    // 1.0, -2.0, 0.5 in IEEE binary16, then the last frame repeated.
    const halves = new Uint16Array(MEL_BANDS * 3);
    for (let b = 0; b < MEL_BANDS; b++) halves.set([0x3c00, 0xc000, 0x3800], b * 3);
    save(4, npy(halves, [MEL_BANDS, 3], ["<u2", "<f2"]));
    const mel = readMel(dir, 4)!;
    assert.deepEqual([...mel.subarray(7 * MEL_FRAMES, 7 * MEL_FRAMES + 4)], [1, -2, 0.5, 0.5]);
  });

  it("returns null for a song without a file; hasMel and listMelIds agree", () => {
    assert.equal(readMel(dir, 999_999), null);
    save(5000, npy(ramp(4), [MEL_BANDS, 4]));
    assert.equal(hasMel(dir, 5000), true);
    assert.equal(hasMel(dir, 5001), false);
    assert.deepEqual(listMelIds(dir, [5001, 5000, 1001, 777_777]), [5000, 1001]);
    assert.deepEqual(listMelIds(join(dir, "no-such-dataset"), [1, 2]), []);
  });

  it("rejects a bad .npy header", () => {
    const good = npy(ramp(4), [MEL_BANDS, 4]);
    const badMagic = Buffer.from(good);
    badMagic.write("XNUMPY", 0, "latin1");
    assert.equal(errorOf(10, badMagic), "arena_mel/0/10.npy: bad .npy header: the file does not start with \\x93NUMPY");
    assert.equal(errorOf(11, npy(ramp(4), [MEL_BANDS, 4], ["descr", "DESCR"])), "arena_mel/0/11.npy: bad .npy header: no dtype ('descr') in the header");
    assert.equal(errorOf(12, good.subarray(0, 6)), "arena_mel/0/12.npy: file is 6 bytes, too short for a .npy header");
    assert.equal(errorOf(13, good.subarray(0, 40)), "arena_mel/0/13.npy: bad .npy header: it is 54 bytes long but the file ends after 40 bytes (file truncated?)");
    assert.equal(errorOf(14, good.subarray(0, good.length - 4 * 10)), "arena_mel/0/14.npy: data holds 182 values, shape (48, 4) needs 192 (file truncated?)");
  });

  it("rejects dtypes other than float32 and float16, naming the dtype", () => {
    assert.equal(errorOf(20, npy(new Int32Array(MEL_BANDS * 2), [MEL_BANDS, 2])), "arena_mel/0/20.npy: dtype int32 is not supported, expected float32 or float16");
    assert.equal(errorOf(21, npy(new Float64Array(MEL_BANDS * 2), [MEL_BANDS, 2])), "arena_mel/0/21.npy: dtype float64 is not supported, expected float32 or float16");
    assert.equal(errorOf(22, npy(ramp(2), [MEL_BANDS, 2], ["<f4", ">f4"])), "arena_mel/0/22.npy: dtype >f4 is not supported, expected float32 or float16");
  });

  it("rejects the wrong number of mel bands, other ranks, Fortran order and empty clips", () => {
    assert.equal(errorOf(30, npy(ramp(5, 40), [40, 5])), "arena_mel/0/30.npy: shape (40, 5) has 40 mel bands, expected 48");
    assert.equal(errorOf(31, npy(ramp(1), [MEL_BANDS])), "arena_mel/0/31.npy: shape (48,) is not 2-D, expected (48, frames)");
    assert.equal(errorOf(32, npy(ramp(2), [1, MEL_BANDS, 2])), "arena_mel/0/32.npy: shape (1, 48, 2) is not 2-D, expected (48, frames)");
    assert.equal(errorOf(33, npy(ramp(2), [MEL_BANDS, 2], ["False", "True "])), "arena_mel/0/33.npy: array is in Fortran order, expected C order");
    assert.equal(errorOf(34, npy(new Float32Array(0), [MEL_BANDS, 0])), "arena_mel/0/34.npy: shape (48, 0) has no frames");
  });

  it("rejects NaN and infinite values, naming band and frame", () => {
    const data = ramp(6);
    data[2 * 6 + 4] = Number.NaN;
    assert.equal(errorOf(40, npy(data, [MEL_BANDS, 6])), "arena_mel/0/40.npy: value at band 2, frame 4 is NaN, expected a finite number");
    const halves = new Uint16Array(MEL_BANDS * 2).fill(0x3c00);
    halves[1] = 0x7c00; // +Infinity in binary16
    assert.equal(errorOf(41, npy(halves, [MEL_BANDS, 2], ["<u2", "<f2"])), "arena_mel/0/41.npy: value at band 0, frame 1 is Infinity, expected a finite number");
  });
});
