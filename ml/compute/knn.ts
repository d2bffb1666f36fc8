// Exact cosine top-k over an embedding: every row against every other row (the build's top-50), or a set of
// query rows against a base set (the map's placement of songs next to their nearest fitted songs). Rows are
// normalised here once; the search itself runs on the compute backend's top-k engine (backend.ts).
import type { EmbeddingSet, NeighborLists } from "../core/embedding.ts";
import { Interrupted } from "../core/errors.ts";
import { createProgress } from "../core/progress.ts";
import { computeBackend } from "./backend.ts";
import type { TopKEngine, TopKResult } from "./search.ts";
import { normalizeRows } from "./topk.ts";

export interface CosineTopKOptions {
  /** Threads of the top-k engine (default 2). */
  threads?: number;
  /** Show a progress bar on stderr (default true). */
  progress?: boolean;
  signal?: AbortSignal;
  /** Name shown on the progress bar, e.g. the embedding. */
  label?: string;
  /** The engine to use instead of the backend's (the shared engine tests pass each one). */
  engine?: TopKEngine;
  /** Search off this thread, which other work shares (SearchOptions.offMainThread). */
  offMainThread?: boolean;
}

function checkAscending(ids: Int32Array, caller: string): void {
  for (let i = 1; i < ids.length; i++) {
    if (ids[i]! <= ids[i - 1]!) throw new Error(`${caller}: ids must be ascending (row ${i}: ${ids[i]} after ${ids[i - 1]})`);
  }
}

async function run(
  label: string,
  queryCount: number,
  opts: CosineTopKOptions,
  search: (engine: TopKEngine, onRows: (rows: number) => void) => Promise<TopKResult>,
): Promise<TopKResult> {
  if (opts.signal?.aborted) throw new Interrupted();
  const engine = opts.engine ?? (await computeBackend({ threads: opts.threads ?? 2 })).topK;
  const progress = createProgress(label, queryCount, { unit: "songs", quiet: opts.progress === false ? true : undefined });
  const result = await search(engine, (rows) => progress.tick(rows));
  progress.done();
  return result;
}

/**
 * For every row, the k rows of highest cosine similarity, best first, excluding the row itself; ties go to
 * the lower song id; rows with fewer than k others are padded with id -1 (score 0). `set.ids` must be
 * ascending (the EmbeddingSet contract), which is what makes "lower row" mean "lower song id".
 */
export async function cosineTopK(set: EmbeddingSet, k: number, opts: CosineTopKOptions = {}): Promise<NeighborLists> {
  return selfExcludedTopK(set, set, k, opts, "cosineTopK");
}

/**
 * The same as cosineTopK when every song has two vectors on the same rows (Music2Vec's input and output
 * vectors): for each row, the k rows whose `base` vector is closest in cosine to the row's `queries` vector,
 * the row itself excluded, ties to the lower song id.
 */
export async function pairedTopK(queries: EmbeddingSet, base: EmbeddingSet, k: number, opts: CosineTopKOptions = {}): Promise<NeighborLists> {
  if (queries.dim !== base.dim || queries.ids.length !== base.ids.length || queries.ids.some((id, i) => id !== base.ids[i])) {
    throw new Error("pairedTopK: queries and base must hold the same songs on the same rows, with the same dimension");
  }
  return selfExcludedTopK(queries, base, k, opts, "pairedTopK");
}

async function selfExcludedTopK(queries: EmbeddingSet, base: EmbeddingSet, k: number, opts: CosineTopKOptions, caller: string): Promise<NeighborLists> {
  if (!Number.isInteger(k) || k < 0) throw new Error(`${caller}: k must be a non-negative integer, got ${k}`);
  const n = base.ids.length;
  const { dim } = base;
  for (const set of [queries, base]) {
    if (set.vectors.length !== n * dim) throw new Error(`${caller}: ${set.vectors.length} values for ${n} rows of ${dim} dimensions`);
  }
  checkAscending(base.ids, caller);
  const unitBase = normalizeRows(base.vectors, dim);
  const unitQueries = queries === base ? unitBase : normalizeRows(queries.vectors, dim);
  const result = await run(opts.label ?? `top-${k}`, n, opts, (engine, onRows) =>
    engine.search({ queries: unitQueries, base: unitBase, dim, k, selfExcluded: true }, { onRows, signal: opts.signal, offMainThread: opts.offMainThread }),
  );
  const neighborIds = result.columns;
  for (let i = 0; i < neighborIds.length; i++) if (neighborIds[i]! >= 0) neighborIds[i] = base.ids[neighborIds[i]!]!;
  return { ids: Int32Array.from(base.ids), k, neighborIds, scores: result.scores };
}

/**
 * For every row of `queries`, the k rows of `base` of highest cosine similarity (rows of base, not ids),
 * best first, equal scores to the lower row; -1 where base has fewer than k rows.
 */
export async function nearestRows(queries: EmbeddingSet, base: EmbeddingSet, k: number, opts: CosineTopKOptions = {}): Promise<TopKResult> {
  if (queries.dim !== base.dim) throw new Error(`nearestRows: queries of ${queries.dim} dimensions against rows of ${base.dim}`);
  const { dim } = base;
  const unitQueries = normalizeRows(queries.vectors, dim);
  const unitBase = normalizeRows(base.vectors, dim);
  return run(opts.label ?? `nearest ${k}`, queries.ids.length, opts, (engine, onRows) =>
    engine.search({ queries: unitQueries, base: unitBase, dim, k, selfExcluded: false }, { onRows, signal: opts.signal, offMainThread: opts.offMainThread }),
  );
}
