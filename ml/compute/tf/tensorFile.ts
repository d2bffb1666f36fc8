// 'mugle-tensors-v1': named float32 tensors plus a JSON description in one byte array, stored in the
// catalogue (models.weights) so a rebuild can reuse trained weights without tfjs-node's file:// handler.
//
// Layout: the 8 ASCII bytes "MUGLTNS1", a little-endian uint32 header length, a UTF-8 JSON header
// {format, meta, tensors: [{name, dtype: "float32", shape, offset}]} padded with spaces to a multiple of 4,
// then every tensor's values as little-endian float32 at `offset` (bytes from the start of the data block).
export const TENSOR_FORMAT = "mugle-tensors-v1";
const MAGIC = "MUGLTNS1";

export interface StoredTensor {
  shape: number[];
  data: Float32Array;
}

/** Tensors by name, in a stable (insertion) order. */
export type TensorMap = Map<string, StoredTensor>;

interface Header {
  format: string;
  meta: Record<string, unknown>;
  tensors: { name: string; dtype: "float32"; shape: number[]; offset: number }[];
}

function sizeOf(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function encodeTensors(tensors: TensorMap, meta: Record<string, unknown> = {}): Uint8Array {
  const entries: Header["tensors"] = [];
  let offset = 0;
  for (const [name, t] of tensors) {
    if (sizeOf(t.shape) !== t.data.length) throw new Error(`tensor ${name}: shape [${t.shape}] does not hold ${t.data.length} values`);
    entries.push({ name, dtype: "float32", shape: t.shape, offset });
    offset += t.data.length * 4;
  }
  let json = JSON.stringify({ format: TENSOR_FORMAT, meta, tensors: entries } satisfies Header);
  const encoder = new TextEncoder();
  while ((MAGIC.length + 4 + encoder.encode(json).length) % 4 !== 0) json += " ";
  const header = encoder.encode(json);
  const start = MAGIC.length + 4 + header.length;
  const bytes = new Uint8Array(start + offset);
  bytes.set(encoder.encode(MAGIC), 0);
  const view = new DataView(bytes.buffer);
  view.setUint32(MAGIC.length, header.length, true);
  bytes.set(header, MAGIC.length + 4);
  for (const entry of entries) {
    const data = tensors.get(entry.name)!.data;
    for (let i = 0; i < data.length; i++) view.setFloat32(start + entry.offset + i * 4, data[i]!, true);
  }
  return bytes;
}

export function decodeTensors(bytes: Uint8Array): { tensors: TensorMap; meta: Record<string, unknown> } {
  const fail = (detail: string): never => {
    throw new Error(`weights (${TENSOR_FORMAT}): ${detail}`);
  };
  if (bytes.length < MAGIC.length + 4 || new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC) fail("not a mugle tensor file");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(MAGIC.length, true);
  const start = MAGIC.length + 4 + headerLength;
  if (start > bytes.length) fail("truncated header");
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, start))) as Header;
  } catch {
    return fail("unreadable header");
  }
  if (header.format !== TENSOR_FORMAT) fail(`format is ${JSON.stringify(header.format)}`);
  const tensors: TensorMap = new Map();
  for (const entry of header.tensors) {
    const length = sizeOf(entry.shape);
    const from = start + entry.offset;
    if (entry.dtype !== "float32" || from + length * 4 > bytes.length) fail(`tensor ${entry.name} is truncated or not float32`);
    const data = new Float32Array(length);
    for (let i = 0; i < length; i++) data[i] = view.getFloat32(from + i * 4, true);
    tensors.set(entry.name, { shape: entry.shape, data });
  }
  return { tensors, meta: header.meta };
}
