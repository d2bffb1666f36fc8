// The top-k search every engine implements: for each query row, the k base rows of highest inner product
// (the rows are unit vectors, so inner product is cosine), best first, equal scores to the lower row.
// Implementations: the readable TypeScript reference (searchReference.ts) and ONNX Runtime (searchOnnx.ts);
// backend.ts picks one, and one test suite (backend.test.ts) holds both to the same answers.

export interface TopKSearch {
  /** Query rows, row-major, each of `dim` values. */
  queries: Float32Array;
  /** Base rows searched, row-major. */
  base: Float32Array;
  dim: number;
  k: number;
  /**
   * The queries are the base rows themselves (query i is base row i): a row never gets itself. Without it,
   * every base row is a candidate for every query.
   */
  selfExcluded: boolean;
}

export interface TopKResult {
  /** columns[q * k + r]: the base row at rank r + 1 of query q; -1 where fewer than k rows exist. */
  columns: Int32Array;
  /** The inner products, float32 as the engines compute them; 0 beside a -1. */
  scores: Float32Array;
}

export interface SearchOptions {
  /** Called after each finished block of queries with its size (progress bars). */
  onRows?: (rows: number) => void;
  signal?: AbortSignal;
  /**
   * Keep the search off the calling thread, even on one thread: other work shares it (the build runs
   * Music2Vec's top 50 beside the audio models' training). Engines that compute on the calling thread (the
   * TypeScript reference) ignore it.
   */
  offMainThread?: boolean;
}

export interface TopKEngine {
  /** What runs, as reported in the build summary, e.g. "onnxruntime 1.30.0 cpu ×2 threads". */
  readonly description: string;
  search(request: TopKSearch, options?: SearchOptions): Promise<TopKResult>;
}

/** Checks a request's shapes (the same message whichever engine is asked). */
export function checkSearch(request: TopKSearch): { queryCount: number; baseCount: number } {
  const { queries, base, dim, k } = request;
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`top-k search: dim must be a positive integer, got ${dim}`);
  if (!Number.isInteger(k) || k < 0) throw new Error(`top-k search: k must be a non-negative integer, got ${k}`);
  if (queries.length % dim !== 0 || base.length % dim !== 0) throw new Error(`top-k search: ${queries.length} query and ${base.length} base values are not rows of ${dim}`);
  const queryCount = queries.length / dim;
  const baseCount = base.length / dim;
  if (request.selfExcluded && queryCount !== baseCount) throw new Error(`top-k search: selfExcluded needs the queries to be the base rows (${queryCount} queries, ${baseCount} rows)`);
  return { queryCount, baseCount };
}
