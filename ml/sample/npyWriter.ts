// Writes 2-D float arrays in the .npy format, version 1.0, byte for byte as numpy.save does for a C-order
// float16 or float32 array: magic, version, little-endian header length, then the header dict padded with
// spaces to a 64-byte boundary and ended by "\n", then the data.

export type MelDtype = "float16" | "float32";

const DESCR: Record<MelDtype, string> = { float16: "<f2", float32: "<f4" };
const ALIGN = 64;
const PREAMBLE = 10; // "\x93NUMPY" + version (2 bytes) + header length (uint16)

export function npyHeader(dtype: MelDtype, shape: readonly number[]): Buffer {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  const dict = `{'descr': '${DESCR[dtype]}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const padding = ALIGN - ((PREAMBLE + dict.length + 1) % ALIGN);
  const text = `${dict}${" ".repeat(padding % ALIGN)}\n`;
  const header = Buffer.alloc(PREAMBLE + text.length);
  header.write("\x93NUMPY", 0, "latin1");
  header[6] = 1;
  header[7] = 0;
  header.writeUInt16LE(text.length, 8);
  header.write(text, PREAMBLE, "latin1");
  return header;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 binary16 bits of a float, rounded to nearest even as numpy's astype(float16) does. */
export function toFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0); // Inf, NaN
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow to Inf
  if (e <= 0) {
    // Subnormal half (or zero): shift the implicit-one mantissa into place with round-to-nearest-even.
    if (e < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = mantissa & ((1 << shift) - 1);
    let result = mantissa >>> shift;
    if (rest > half || (rest === half && (result & 1))) result++;
    return sign | result;
  }
  let result = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (result & 1))) result++; // may carry into the exponent: still correct
  return sign | result;
}

/** The complete .npy file for band-major `values` of shape (rows, columns). */
export function encodeNpy(values: Float32Array, rows: number, columns: number, dtype: MelDtype): Buffer {
  if (values.length !== rows * columns) throw new Error(`encodeNpy: ${values.length} values for shape (${rows}, ${columns})`);
  const header = npyHeader(dtype, [rows, columns]);
  const bytesPer = dtype === "float16" ? 2 : 4;
  const file = Buffer.alloc(header.length + values.length * bytesPer);
  header.copy(file, 0);
  // The header length is a multiple of 64, so the data can be viewed as aligned little-endian words.
  const data = new DataView(file.buffer, file.byteOffset + header.length, values.length * bytesPer);
  if (dtype === "float32") {
    for (let i = 0; i < values.length; i++) data.setFloat32(4 * i, values[i]!, true);
  } else {
    for (let i = 0; i < values.length; i++) data.setUint16(2 * i, toFloat16Bits(values[i]!), true);
  }
  return file;
}
