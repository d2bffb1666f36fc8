// The top-k engine on ONNX Runtime: for each block of queries and each tile of base rows, one small graph
// (Gemm → TopK → int32 indices) runs entirely inside ORT on its own thread pool, and only the tile's
// best k + 1 candidates per query come back to JavaScript, where they are merged into each query's running
// top k (topk.ts). Handing the score tile itself back would cost more than computing it.
//
// Ties: ONNX Runtime's TopK orders equal values by the lower index (checked by backend.test.ts on exact
// ties), and tiles are merged left to right, so equal scores keep the lower row, as the reference does.
// Self-exclusion: the tile's top k + 1 always contains the top k without the query's own row.
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

/** A 1024 × 16384 score tile (64 MB) amortises each run's fixed cost. */
const DEFAULT_TILING: OnnxSearchTiling = { queryBlock: 1024, baseTile: 16384 };

/** scores = queries · tileᵀ, then each row's best `k` (values, int32 column in the tile). */
function tileGraph(dim: number): Uint8Array {
  const g = new OnnxGraph("mugle-topk-tile");
  g.input("queries", "float", ["rows", dim]);
  g.input("tile", "float", ["columns", dim]);
  g.input("k", "int64", [1]);
  const scores = g.op("Gemm", ["queries", "tile"], { transB: { int: 1 } });
  const [values, indices] = g.node("TopK", [scores, "k"], { axis: { int: 1 }, largest: { int: 1 }, sorted: { int: 1 } }, ["values", "indices64"]);
  const columns = g.node("Cast", [indices!], { to: { int: 6 } }, ["columns"])[0]!;
  g.output(values!, "float", ["rows", "k"]);
  g.output(columns, "int32", ["rows", "k"]);
  return g.toModel();
}

/** The engine on `threads` ORT threads; `tiling` is for tests that need several blocks and tiles on small inputs. */
export async function createOnnxSearch(threads: number, tiling: OnnxSearchTiling = DEFAULT_TILING): Promise<TopKEngine> {
  const ort = await loadOrt();
  const version = await ortVersion();
  const sessions = new Map<number, Promise<OrtSession>>();
  const sessionFor = (dim: number) => {
    let session = sessions.get(dim);
    if (!session) sessions.set(dim, (session = openSession(tileGraph(dim), threads)));
    return session;
  };
  return {
    description: `onnxruntime ${version} cpu ×${threads} thread${threads === 1 ? "" : "s"}`,
    search: async (request, options = {}) => searchOnnx(ort, await sessionFor(request.dim), tiling, request, options),
  };
}

async function searchOnnx(ort: Ort, session: OrtSession, tiling: OnnxSearchTiling, request: TopKSearch, options: SearchOptions): Promise<TopKResult> {
  const { queryBlock, baseTile } = tiling;
  const { queryCount, baseCount } = checkSearch(request);
  const { queries, base, dim, k } = request;
  const columns = new Int32Array(queryCount * k);
  const scores = new Float32Array(queryCount * k);
  if (queryCount === 0 || k === 0) return { columns, scores };
  const candidates = Math.min(k + (request.selfExcluded ? 1 : 0), baseCount);
  const tiles: { first: number; tensor: OrtTensor; k: OrtTensor }[] = [];
  for (let first = 0; first < baseCount; first += baseTile) {
    const width = Math.min(baseTile, baseCount - first);
    tiles.push({
      first,
      tensor: new ort.Tensor("float32", base.subarray(first * dim, (first + width) * dim), [width, dim]),
      k: new ort.Tensor("int64", BigInt64Array.of(BigInt(Math.min(candidates, width))), [1]),
    });
  }
  const top = new BlockTopK(queryBlock, k);
  for (let firstRow = 0; firstRow < queryCount; firstRow += queryBlock) {
    if (options.signal?.aborted) throw new Interrupted();
    const rows = Math.min(queryBlock, queryCount - firstRow);
    const block = new ort.Tensor("float32", queries.subarray(firstRow * dim, (firstRow + rows) * dim), [rows, dim]);
    top.reset(rows);
    for (const tile of tiles) {
      const out = await session.run({ queries: block, tile: tile.tensor, k: tile.k });
      const values = out.values!.data as Float32Array;
      const found = out.columns!.data as Int32Array;
      const width = found.length / rows;
      for (let r = 0; r < rows; r++) {
        const self = request.selfExcluded ? firstRow + r : -1;
        for (let i = r * width; i < (r + 1) * width; i++) {
          const column = tile.first + found[i]!;
          if (column !== self) top.offer(r, values[i]!, column);
        }
      }
      for (const value of Object.values(out)) value.dispose();
    }
    top.writeTo(columns, scores, firstRow);
    options.onRows?.(rows);
    await checkpoint(options.signal);
  }
  return { columns, scores };
}
