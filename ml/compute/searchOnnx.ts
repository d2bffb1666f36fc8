// The top-k engine on ONNX Runtime. For each block of queries and each tile of base rows one small graph
// runs entirely inside ORT on its own thread pool (Gemm for the scores, then a selection), and only the
// selected candidates come back to JavaScript, where they are merged into each query's running top k
// (topk.ts). Handing the score tile itself back would cost more than computing it.
//
// Selection: a block's first tile goes through TopK (k + 1 candidates per query). Every later tile only
// returns the scores that beat the query's current k-th best (Greater against a per-query floor, NonZero,
// GatherND): after the first tile that is a few candidates per query, and ORT's TopK, a heap rebuilt for
// every tile, cost three times the Gemm (measured on 256 × 4096 tiles: Gemm alone 2.2 CPU-ms, with TopK
// 9.7, with the floor filter 2.6-3.1). Tiles of 256 × 4096 keep the scores in cache; 1024 × 16384 tiles
// (64 MB of scores) ran the Gemm at half the speed.
//
// Ties, exactly as the reference: ORT's TopK orders equal values by the lower index (backend tests check it
// on exact ties), NonZero lists a query's candidates in ascending column order, and tiles are merged left to
// right, so equal scores keep the lower row; a score equal to the floor cannot displace an earlier, lower
// row, so the strict filter drops nothing that could enter. Self-exclusion: the first tile's k + 1
// candidates always hold the top k without the query's own row, and the merge skips it.
import { Interrupted, checkpoint } from "../core/errors.ts";
import { OnnxGraph } from "./onnx/model.ts";
import { loadOrt, openSession, ortVersion, type Ort, type OrtSession, type OrtTensor } from "./onnx/runtime.ts";
import { checkSearch, type SearchOptions, type TopKEngine, type TopKResult, type TopKSearch } from "./search.ts";
import { BlockTopK } from "./topk.ts";

export interface OnnxSearchTiling {
  /** Queries per run: the unit the engine reports progress in. */
  queryBlock: number;
  /** Base rows per run. */
  baseTile: number;
}

const DEFAULT_TILING: OnnxSearchTiling = { queryBlock: 256, baseTile: 4096 };

/** scores = queries · tileᵀ, then each row's best `k` (values, int32 column in the tile). */
function topKGraph(dim: number): Uint8Array {
  const g = new OnnxGraph("mugle-topk-first-tile");
  g.input("queries", "float", ["rows", dim]);
  g.input("tile", "float", ["columns", dim]);
  g.input("k", "int64", [1]);
  const scores = g.op("Gemm", ["queries", "tile"], { transB: { int: 1 } });
  const [values, indices] = g.node("TopK", [scores, "k"], { axis: { int: 1 }, largest: { int: 1 }, sorted: { int: 1 } }, ["values", "indices64"]);
  g.output(values!, "float", ["rows", "k"]);
  g.output(g.node("Cast", [indices!], { to: { int: 6 } }, ["columns"])[0]!, "int32", ["rows", "k"]);
  return g.toModel();
}

/** scores = queries · tileᵀ, then every (row, column, score) with score > floor[row], in row-major order. */
function aboveFloorGraph(dim: number): Uint8Array {
  const g = new OnnxGraph("mugle-topk-above-floor");
  g.input("queries", "float", ["rows", dim]);
  g.input("tile", "float", ["columns", dim]);
  g.input("floor", "float", ["rows", 1]);
  const scores = g.op("Gemm", ["queries", "tile"], { transB: { int: 1 } });
  const positions = g.op("NonZero", [g.op("Greater", [scores, "floor"])]);
  const values = g.node("GatherND", [scores, g.op("Transpose", [positions], { perm: { ints: [1, 0] } })], {}, ["values"])[0]!;
  g.output(g.node("Cast", [positions], { to: { int: 6 } }, ["positions"])[0]!, "int32", [2, "found"]);
  g.output(values, "float", ["found"]);
  return g.toModel();
}

interface Sessions {
  first: OrtSession;
  rest: OrtSession;
}

/** The engine on `threads` ORT threads; `tiling` is for tests that need several blocks and tiles on small inputs. */
export async function createOnnxSearch(threads: number, tiling: OnnxSearchTiling = DEFAULT_TILING): Promise<TopKEngine> {
  const ort = await loadOrt();
  const version = await ortVersion();
  const sessions = new Map<number, Promise<Sessions>>();
  const sessionsFor = (dim: number) => {
    let pair = sessions.get(dim);
    if (!pair) {
      pair = Promise.all([openSession(topKGraph(dim), threads), openSession(aboveFloorGraph(dim), threads)]).then(([first, rest]) => ({ first, rest }));
      sessions.set(dim, pair);
    }
    return pair;
  };
  return {
    description: `onnxruntime ${version} cpu ×${threads} thread${threads === 1 ? "" : "s"}`,
    search: async (request, options = {}) => searchOnnx(ort, await sessionsFor(request.dim), tiling, request, options),
  };
}

async function searchOnnx(ort: Ort, sessions: Sessions, tiling: OnnxSearchTiling, request: TopKSearch, options: SearchOptions): Promise<TopKResult> {
  const { queryBlock, baseTile } = tiling;
  const { queryCount, baseCount } = checkSearch(request);
  const { queries, base, dim, k } = request;
  const columns = new Int32Array(queryCount * k);
  const scores = new Float32Array(queryCount * k);
  if (queryCount === 0 || k === 0 || baseCount === 0) {
    columns.fill(-1);
    return { columns, scores };
  }
  const candidates = Math.min(k + (request.selfExcluded ? 1 : 0), baseCount);
  const tiles: { first: number; tensor: OrtTensor }[] = [];
  for (let first = 0; first < baseCount; first += baseTile) {
    const width = Math.min(baseTile, baseCount - first);
    tiles.push({ first, tensor: new ort.Tensor("float32", base.subarray(first * dim, (first + width) * dim), [width, dim]) });
  }
  const firstK = new ort.Tensor("int64", BigInt64Array.of(BigInt(Math.min(candidates, baseTile))), [1]);
  const top = new BlockTopK(queryBlock, k);
  const floors = new Float32Array(queryBlock);
  for (let firstRow = 0; firstRow < queryCount; firstRow += queryBlock) {
    if (options.signal?.aborted) throw new Interrupted();
    const rows = Math.min(queryBlock, queryCount - firstRow);
    const block = new ort.Tensor("float32", queries.subarray(firstRow * dim, (firstRow + rows) * dim), [rows, dim]);
    const floor = new ort.Tensor("float32", floors.subarray(0, rows), [rows, 1]);
    top.reset(rows);
    const self = (r: number) => (request.selfExcluded ? firstRow + r : -1);
    for (let t = 0; t < tiles.length; t++) {
      const tile = tiles[t]!;
      if (t === 0) {
        const out = await sessions.first.run({ queries: block, tile: tile.tensor, k: firstK });
        const values = out.values!.data as Float32Array;
        const found = out.columns!.data as Int32Array;
        const width = found.length / rows;
        for (let r = 0; r < rows; r++) {
          for (let i = r * width; i < (r + 1) * width; i++) if (found[i] !== self(r)) top.offer(r, values[i]!, found[i]!);
        }
        for (const value of Object.values(out)) value.dispose();
      } else {
        for (let r = 0; r < rows; r++) floors[r] = top.floorOf(r);
        const out = await sessions.rest.run({ queries: block, tile: tile.tensor, floor });
        const positions = out.positions!.data as Int32Array;
        const values = out.values!.data as Float32Array;
        const found = values.length;
        for (let i = 0; i < found; i++) {
          const r = positions[i]!;
          const column = tile.first + positions[found + i]!;
          if (column !== self(r)) top.offer(r, values[i]!, column);
        }
        for (const value of Object.values(out)) value.dispose();
      }
    }
    top.writeTo(columns, scores, firstRow);
    options.onRows?.(rows);
    await checkpoint(options.signal);
  }
  return { columns, scores };
}
