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
import { searchInLanes } from "./searchOnnxLanes.ts";
import { BlockTopK, TopKRows } from "./topk.ts";

export interface OnnxSearchTiling {
  /** Queries per run: the unit the engine reports progress in. */
  queryBlock: number;
  /** Base rows per run. */
  baseTile: number;
}

export const DEFAULT_TILING: OnnxSearchTiling = { queryBlock: 256, baseTile: 4096 };

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

/**
 * The symmetric search's tile: scores = queries · tileᵀ, then every (row, column, score) with score above the
 * row's floor or above the column's, in row-major order.
 */
function aboveEitherFloorGraph(dim: number): Uint8Array {
  const g = new OnnxGraph("mugle-topk-above-either-floor");
  g.input("queries", "float", ["rows", dim]);
  g.input("tile", "float", ["columns", dim]);
  g.input("floor", "float", ["rows", 1]);
  g.input("columnFloor", "float", [1, "columns"]);
  const scores = g.op("Gemm", ["queries", "tile"], { transB: { int: 1 } });
  const positions = g.op("NonZero", [g.op("Or", [g.op("Greater", [scores, "floor"]), g.op("Greater", [scores, "columnFloor"])])]);
  const values = g.node("GatherND", [scores, g.op("Transpose", [positions], { perm: { ints: [1, 0] } })], {}, ["values"])[0]!;
  g.output(g.node("Cast", [positions], { to: { int: 6 } }, ["positions"])[0]!, "int32", [2, "found"]);
  g.output(values, "float", ["found"]);
  return g.toModel();
}

export interface Sessions {
  first: OrtSession;
  rest: OrtSession;
  either: OrtSession;
}

/** The graphs of a search over `dim`-dimensional rows, on `threads` ORT threads. */
export async function openSearchSessions(dim: number, threads: number): Promise<Sessions> {
  const [first, rest, either] = await Promise.all([
    openSession(topKGraph(dim), threads),
    openSession(aboveFloorGraph(dim), threads),
    openSession(aboveEitherFloorGraph(dim), threads),
  ]);
  return { first, rest, either };
}

/**
 * Whether a request is one set searched against itself (the build's top 50 of an embedding): every pair's
 * score is then the same for both its rows, and the symmetric search computes it once.
 */
export function isSymmetric(request: TopKSearch): boolean {
  return request.selfExcluded && request.queries === request.base;
}

export interface OnnxSearchOptions {
  /** Block and tile sizes (tests pass small ones, so that small inputs cross several of each). */
  tiling?: OnnxSearchTiling;
  /**
   * The fewest query blocks worth spreading over worker threads. A run of the graphs keeps only part of a
   * second core busy (the filter and the merge are serial), so a large search runs one lane per thread,
   * each a worker with its own one-thread sessions taking the next block; starting the workers costs about
   * a second, so small searches stay on this thread's intra-op pool.
   */
  minBlocksForLanes?: number;
}

const MIN_BLOCKS_FOR_LANES = 24;

/** The engine on `threads` threads. */
export async function createOnnxSearch(threads: number, options: OnnxSearchOptions = {}): Promise<TopKEngine> {
  const ort = await loadOrt();
  const version = await ortVersion();
  const tiling = options.tiling ?? DEFAULT_TILING;
  const minBlocksForLanes = options.minBlocksForLanes ?? MIN_BLOCKS_FOR_LANES;
  const sessions = new Map<number, Promise<Sessions>>();
  const sessionsFor = (dim: number) => {
    let pair = sessions.get(dim);
    if (!pair) sessions.set(dim, (pair = openSearchSessions(dim, threads)));
    return pair;
  };
  return {
    description: `onnxruntime ${version} cpu ×${threads} thread${threads === 1 ? "" : "s"}`,
    search: async (request, searchOptions = {}) => {
      const { queryCount } = checkSearch(request);
      const blocks = Math.ceil(queryCount / tiling.queryBlock);
      // A session runs on the calling thread: a search asked to leave it free runs in a lane even on one thread.
      const lanes = threads > 1 || searchOptions.offMainThread === true;
      if (lanes && blocks >= minBlocksForLanes && request.k > 0 && request.base.length > 0) {
        return searchInLanes(request, tiling, threads, searchOptions);
      }
      return searchOnnx(ort, await sessionsFor(request.dim), tiling, request, searchOptions);
    },
  };
}

/** ORT's Node binding rejects tensors on shared memory ("Invalid argument"): lanes hand it private copies. */
function ortOwned(values: Float32Array): Float32Array {
  return values.buffer instanceof SharedArrayBuffer ? values.slice() : values;
}

/**
 * One query block at a time, into shared answer arrays: what both a single-thread search and each worker
 * lane run. A block's answer depends on that block alone, so lanes taking blocks in any order give the
 * same result as one thread taking them in turn.
 */
export class BlockSearcher {
  private readonly tiles: { first: number; tensor: OrtTensor }[] = [];
  private readonly firstK: OrtTensor;
  private readonly top: BlockTopK;
  private readonly floors: Float32Array;
  readonly blocks: number;

  constructor(
    private readonly ort: Ort,
    private readonly sessions: Sessions,
    private readonly tiling: OnnxSearchTiling,
    private readonly request: TopKSearch,
    private readonly answer: TopKResult,
  ) {
    const { baseCount, queryCount } = checkSearch(request);
    const { base, dim, k } = request;
    for (let first = 0; first < baseCount; first += tiling.baseTile) {
      const width = Math.min(tiling.baseTile, baseCount - first);
      this.tiles.push({ first, tensor: new ort.Tensor("float32", ortOwned(base.subarray(first * dim, (first + width) * dim)), [width, dim]) });
    }
    const candidates = Math.min(k + (request.selfExcluded ? 1 : 0), baseCount);
    this.firstK = new ort.Tensor("int64", BigInt64Array.of(BigInt(Math.min(candidates, tiling.baseTile))), [1]);
    this.top = new BlockTopK(tiling.queryBlock, k);
    this.floors = new Float32Array(tiling.queryBlock);
    this.blocks = Math.ceil(queryCount / tiling.queryBlock);
  }

  /** Searches block `index` and writes its rows' answers; returns the number of rows. */
  async run(index: number): Promise<number> {
    const { ort, sessions, tiling, request, top, floors } = this;
    const { queries, dim } = request;
    const queryCount = queries.length / dim;
    const firstRow = index * tiling.queryBlock;
    const rows = Math.min(tiling.queryBlock, queryCount - firstRow);
    const block = new ort.Tensor("float32", ortOwned(queries.subarray(firstRow * dim, (firstRow + rows) * dim)), [rows, dim]);
    const floor = new ort.Tensor("float32", floors.subarray(0, rows), [rows, 1]);
    top.reset(rows);
    const self = (r: number) => (request.selfExcluded ? firstRow + r : -1);
    for (let t = 0; t < this.tiles.length; t++) {
      const tile = this.tiles[t]!;
      if (t === 0) {
        const out = await sessions.first.run({ queries: block, tile: tile.tensor, k: this.firstK });
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
    top.writeTo(this.answer.columns, this.answer.scores, firstRow);
    return rows;
  }
}

/**
 * The symmetric search, one query block at a time: block i is scored only against the rows from its own first
 * row on (half of the Gemm work of the whole search), and each score above either floor is offered to both
 * songs: to the block's row, and to the column's row when the column lies beyond the block (inside it, the
 * tile holds both orders of every pair already). All rows' running top k live in one TopKRows, so a block's
 * rows are final only when every earlier block has run; lanes keep one TopKRows each and the main thread
 * merges them (TopKRows.merge, order-free).
 *
 * Ties: within one TopKRows, a row is offered candidates in ascending id order (earlier blocks' rows as
 * columns first, in block order, then its own block's columns left to right), so the strict floors drop
 * nothing that could enter, as in BlockSearcher.
 *
 * Floors from the start: a row's k-th best is at least the (k + 1)-th best of its scores against any k + 1
 * rows (itself included), so before the first block runs every row gets that score against the first tile
 * from its block on, one float below, as a floor (the first blocks would otherwise pass every score of their
 * rows to every other row, and each row would take in far more candidates than it keeps). One float below, so
 * a pair scoring exactly that much still passes: it may win its tie on the lower id.
 */
export class SymmetricBlockSearcher {
  private readonly base: Float32Array;
  private readonly floors: Float32Array;
  private readonly columnFloors: Float32Array;
  private readonly rowCount: number;
  private startFloors: Float32Array | null = null;
  readonly blocks: number;

  constructor(
    private readonly ort: Ort,
    private readonly sessions: Sessions,
    private readonly tiling: OnnxSearchTiling,
    request: TopKSearch,
    readonly top: TopKRows,
  ) {
    if (!isSymmetric(request)) throw new Error("SymmetricBlockSearcher: the queries must be the base rows themselves, self excluded");
    const { baseCount } = checkSearch(request);
    this.rowCount = baseCount;
    // One private copy (ORT rejects shared memory), so every tile is a view into it rather than a copy.
    this.base = ortOwned(request.base);
    this.floors = new Float32Array(tiling.queryBlock);
    this.columnFloors = new Float32Array(tiling.baseTile);
    this.blocks = Math.ceil(baseCount / tiling.queryBlock);
  }

  private view(first: number, rows: number): OrtTensor {
    const dim = this.base.length / this.rowCount;
    return new this.ort.Tensor("float32", this.base.subarray(first * dim, (first + rows) * dim), [rows, dim]);
  }

  /**
   * The start floors of block `index`'s rows into `out` (see above): each row's (k + 1)-th best score against
   * the first tile of columns from the block's own first row, itself included, one float below; -Infinity
   * where that tile holds fewer than k + 1 rows.
   */
  async startFloorsOf(index: number, out: Float32Array): Promise<void> {
    const { rowCount, tiling } = this;
    const k = this.top.k;
    const first = index * tiling.queryBlock;
    const rows = Math.min(tiling.queryBlock, rowCount - first);
    const width = Math.min(tiling.baseTile, rowCount - first);
    if (width < k + 1) {
      out.fill(-Infinity, first, first + rows);
      return;
    }
    const kPlusOne = new this.ort.Tensor("int64", BigInt64Array.of(BigInt(k + 1)), [1]);
    const result = await this.sessions.first.run({ queries: this.view(first, rows), tile: this.view(first, width), k: kPlusOne });
    const values = result.values!.data as Float32Array;
    for (let r = 0; r < rows; r++) out[first + r] = float32Below(values[r * (k + 1) + k]!);
    for (const value of Object.values(result)) value.dispose();
  }

  /** Start floors computed elsewhere (lanes share the work): every row's, before the first block runs. */
  useStartFloors(floors: Float32Array): void {
    this.startFloors = floors;
  }

  private floorOf(row: number): number {
    return Math.max(this.top.floor(row), this.startFloors![row]!);
  }

  /** Scores block `index` against every row from its first on; returns the number of rows in the block. */
  async run(index: number): Promise<number> {
    if (!this.startFloors) {
      const floors = new Float32Array(this.rowCount);
      for (let b = 0; b < this.blocks; b++) await this.startFloorsOf(b, floors);
      this.startFloors = floors;
    }
    const { sessions, tiling, top, floors, columnFloors, rowCount } = this;
    const firstRow = index * tiling.queryBlock;
    const rows = Math.min(tiling.queryBlock, rowCount - firstRow);
    const blockEnd = firstRow + rows;
    const block = this.view(firstRow, rows);
    for (let first = firstRow; first < rowCount; first += tiling.baseTile) {
      const width = Math.min(tiling.baseTile, rowCount - first);
      for (let r = 0; r < rows; r++) floors[r] = this.floorOf(firstRow + r);
      // The block's own columns are offered to their rows through the row side only (both orders are in the tile).
      for (let c = 0; c < width; c++) columnFloors[c] = first + c < blockEnd ? Infinity : this.floorOf(first + c);
      const out = await sessions.either.run({
        queries: block,
        tile: this.view(first, width),
        floor: new this.ort.Tensor("float32", floors.subarray(0, rows), [rows, 1]),
        columnFloor: new this.ort.Tensor("float32", columnFloors.subarray(0, width), [1, width]),
      });
      const positions = out.positions!.data as Int32Array;
      const values = out.values!.data as Float32Array;
      const found = values.length;
      for (let i = 0; i < found; i++) {
        const row = firstRow + positions[i]!;
        const column = first + positions[found + i]!;
        const score = values[i]!;
        if (column !== row) top.offer(row, column, score);
        if (column >= blockEnd) top.offer(column, row, score);
      }
      for (const value of Object.values(out)) value.dispose();
    }
    return rows;
  }
}

/** The largest float32 below x (x itself for ±Infinity and NaN). */
export function float32Below(x: number): number {
  const value = Math.fround(x);
  if (!Number.isFinite(value)) return value;
  if (value === 0) return -1.401298464324817e-45;
  const bits = new Int32Array(new Float32Array([value]).buffer);
  bits[0]! += value > 0 ? -1 : 1;
  return new Float32Array(bits.buffer)[0]!;
}

/** An answer of `queryCount` rows of k, or the empty answer's padding when nothing can be found. */
export function emptyAnswer(request: TopKSearch): TopKResult | null {
  const { queryCount, baseCount } = checkSearch(request);
  if (queryCount !== 0 && request.k !== 0 && baseCount !== 0) return null;
  const columns = new Int32Array(queryCount * request.k).fill(-1);
  return { columns, scores: new Float32Array(queryCount * request.k) };
}

async function searchOnnx(ort: Ort, sessions: Sessions, tiling: OnnxSearchTiling, request: TopKSearch, options: SearchOptions): Promise<TopKResult> {
  const empty = emptyAnswer(request);
  if (empty) return empty;
  const { queryCount } = checkSearch(request);
  const answer: TopKResult = { columns: new Int32Array(queryCount * request.k), scores: new Float32Array(queryCount * request.k) };
  const top = isSymmetric(request) ? new TopKRows(queryCount, request.k) : null;
  const searcher = top ? new SymmetricBlockSearcher(ort, sessions, tiling, request, top) : new BlockSearcher(ort, sessions, tiling, request, answer);
  for (let index = 0; index < searcher.blocks; index++) {
    if (options.signal?.aborted) throw new Interrupted();
    const rows = await searcher.run(index);
    options.onRows?.(rows);
    await checkpoint(options.signal);
  }
  if (top) TopKRows.merge([top], answer.columns, answer.scores);
  return answer;
}
