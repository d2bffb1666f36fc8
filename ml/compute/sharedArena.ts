// Named arrays in one block of shared memory, which worker threads and WebAssembly kernels can all work on:
// either a plain SharedArrayBuffer, or the buffer of a shared WebAssembly.Memory (what a kernel instance
// imports; the memory itself is posted to workers, so each can instantiate its kernel on the same bytes).
// Laid out once, never grown: views made anywhere stay valid.

export type ArrayKind = "f32" | "i32" | "f64";
export type ArenaPlan = Record<string, { kind: ArrayKind; length: number }>;

export interface Arena {
  /** The WebAssembly memory the arrays live in, or null for a plain SharedArrayBuffer. */
  memory: WebAssembly.Memory | null;
  buffer: SharedArrayBuffer;
  /** Byte offset and plan of each array. */
  arrays: Record<string, { kind: ArrayKind; length: number; byteOffset: number }>;
}

const BYTES: Record<ArrayKind, number> = { f32: 4, i32: 4, f64: 8 };
const WASM_PAGE = 65536;
/** wasm32 addresses 4 GiB at most. */
export const MAX_WASM_BYTES = 65536 * WASM_PAGE;

/** Bytes the arrays of a plan take, each aligned to 64 bytes (a cache line; SIMD loads need 16). */
export function arenaBytes(plan: ArenaPlan): number {
  let bytes = 0;
  for (const { kind, length } of Object.values(plan)) bytes = align(bytes) + length * BYTES[kind];
  return align(bytes);
}

function align(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}

/** Lays the plan out in a new, zeroed block: a WebAssembly memory when `wasm`, a SharedArrayBuffer otherwise. */
export function createArena(plan: ArenaPlan, wasm: boolean): Arena {
  const total = Math.max(arenaBytes(plan), 64);
  let memory: WebAssembly.Memory | null = null;
  let buffer: SharedArrayBuffer;
  if (wasm) {
    if (total > MAX_WASM_BYTES) throw new Error(`shared arena: ${total} bytes exceed WebAssembly's 4 GiB`);
    const pages = Math.ceil(total / WASM_PAGE);
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    buffer = memory.buffer as unknown as SharedArrayBuffer;
  } else {
    buffer = new SharedArrayBuffer(total);
  }
  const arrays: Arena["arrays"] = {};
  let offset = 0;
  for (const [name, { kind, length }] of Object.entries(plan)) {
    offset = align(offset);
    arrays[name] = { kind, length, byteOffset: offset };
    offset += length * BYTES[kind];
  }
  return { memory, buffer, arrays };
}

function entry(arena: Arena, name: string, kind: ArrayKind) {
  const array = arena.arrays[name];
  if (!array) throw new Error(`shared arena: no array named ${name}`);
  if (array.kind !== kind) throw new Error(`shared arena: ${name} holds ${array.kind}, not ${kind}`);
  return array;
}

export function f32(arena: Arena, name: string): Float32Array {
  const { byteOffset, length } = entry(arena, name, "f32");
  return new Float32Array(arena.buffer, byteOffset, length);
}

export function i32(arena: Arena, name: string): Int32Array {
  const { byteOffset, length } = entry(arena, name, "i32");
  return new Int32Array(arena.buffer, byteOffset, length);
}

export function f64(arena: Arena, name: string): Float64Array {
  const { byteOffset, length } = entry(arena, name, "f64");
  return new Float64Array(arena.buffer, byteOffset, length);
}

/** Byte offset of an array: its address for a kernel. */
export function address(arena: Arena, name: string): number {
  const array = arena.arrays[name];
  if (!array) throw new Error(`shared arena: no array named ${name}`);
  return array.byteOffset;
}
