// One lane of a top-k search (searchOnnxLanes.ts): its own one-thread ORT sessions, taking query blocks
// from the shared counter until none is left or the search is stopped.
import { parentPort, workerData } from "node:worker_threads";
import { loadOrt } from "./onnx/runtime.ts";
import { BlockSearcher, openSearchSessions } from "./searchOnnx.ts";
import { NEXT_BLOCK, STOP, type LaneInit, type LaneMessage } from "./searchOnnxLanes.ts";

const init = workerData as LaneInit;
const port = parentPort!;
const ort = await loadOrt();
const sessions = await openSearchSessions(init.dim, 1);
const request = { queries: init.queries, base: init.base, dim: init.dim, k: init.k, selfExcluded: init.selfExcluded };
const searcher = new BlockSearcher(ort, sessions, init.tiling, request, { columns: init.columns, scores: init.scores });
while (Atomics.load(init.control, STOP) === 0) {
  const index = Atomics.add(init.control, NEXT_BLOCK, 1);
  if (index >= searcher.blocks) break;
  const rows = await searcher.run(index);
  port.postMessage({ type: "rows", rows } satisfies LaneMessage);
}
port.postMessage({ type: "done" } satisfies LaneMessage);
