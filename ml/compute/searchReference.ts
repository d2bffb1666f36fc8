// The reference top-k engine: every score computed in plain TypeScript, one query at a time, kept by the
// same partial top-k the fast engines' answers are checked against. Readable rather than fast (about
// 1-3 GFLOP/s); it is what the tests trust, and what runs where ONNX Runtime does not load.
import { Interrupted, checkpoint } from "../core/errors.ts";
import { checkSearch, type SearchOptions, type TopKEngine, type TopKResult, type TopKSearch } from "./search.ts";
import { BlockTopK } from "./topk.ts";

/** Queries scored between two turns of the event loop (progress, Ctrl-C). */
const QUERIES_PER_TURN = 256;

export const referenceSearch: TopKEngine = {
  description: "typescript reference",

  async search(request: TopKSearch, options: SearchOptions = {}): Promise<TopKResult> {
    const { queryCount, baseCount } = checkSearch(request);
    const { queries, base, dim, k } = request;
    const columns = new Int32Array(queryCount * k);
    const scores = new Float32Array(queryCount * k);
    const top = new BlockTopK(1, k);
    const row = new Float32Array(baseCount);
    for (let q = 0; q < queryCount; q++) {
      if (options.signal?.aborted) throw new Interrupted();
      const query = q * dim;
      for (let c = 0; c < baseCount; c++) {
        let dot = 0;
        for (let j = 0; j < dim; j++) dot += queries[query + j]! * base[c * dim + j]!;
        row[c] = dot; // rounded to float32, the precision every engine scores in
      }
      top.reset(1);
      top.scanTile(row, baseCount, 0, request.selfExcluded ? q : -1);
      top.writeTo(columns, scores, q);
      if ((q + 1) % QUERIES_PER_TURN === 0 || q + 1 === queryCount) {
        options.onRows?.(((q + 1) % QUERIES_PER_TURN) || QUERIES_PER_TURN);
        await checkpoint(options.signal);
      }
    }
    return { columns, scores };
  },
};

