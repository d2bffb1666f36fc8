// One lane of a top-k search (searchOnnxLanes.ts): its own one-thread ORT sessions, taking query blocks
// from the shared counter until none is left or the search is stopped.
import { parentPort, workerData } from "node:worker_threads";
import { loadOrt } from "./onnx/runtime.ts";
import { BlockSearcher, SymmetricBlockSearcher, openSearchSessions } from "./searchOnnx.ts";
import { TopKRows } from "./topk.ts";
import { LANES_STARTED, NEXT_BLOCK, NEXT_START_BLOCK, STOP, type LaneInit, type LaneMessage } from "./searchOnnxLanes.ts";

const init = workerData as LaneInit;
const port = parentPort!;
const ort = await loadOrt();
const sessions = await openSearchSessions(init.dim, 1);
const request = { queries: init.queries, base: init.base, dim: init.dim, k: init.k, selfExcluded: init.selfExcluded };
// A symmetric search's rows (the queries are the base) are found again as the same array after the copy.
const searcher = init.part
  ? new SymmetricBlockSearcher(ort, sessions, init.tiling, { ...request, queries: request.base }, new TopKRows(init.base.length / init.dim, init.k, init.part))
  : new BlockSearcher(ort, sessions, init.tiling, request, { columns: init.columns, scores: init.scores });
// A symmetric search: the lanes first compute every row's start floor together, then wait for each other.
if (searcher instanceof SymmetricBlockSearcher && init.startFloors) {
  const floors = init.startFloors;
  while (Atomics.load(init.control, STOP) === 0) {
    const index = Atomics.add(init.control, NEXT_START_BLOCK, 1);
    if (index >= searcher.blocks) break;
    await searcher.startFloorsOf(index, floors);
  }
  Atomics.add(init.control, LANES_STARTED, 1);
  Atomics.notify(init.control, LANES_STARTED);
  for (let started; (started = Atomics.load(init.control, LANES_STARTED)) < init.lanes && Atomics.load(init.control, STOP) === 0;) {
    Atomics.wait(init.control, LANES_STARTED, started, 50); // wakes on the next lane, or checks for a stop
  }
  searcher.useStartFloors(floors);
}
while (Atomics.load(init.control, STOP) === 0) {
  const index = Atomics.add(init.control, NEXT_BLOCK, 1);
  if (index >= searcher.blocks) break;
  const rows = await searcher.run(index);
  port.postMessage({ type: "rows", rows } satisfies LaneMessage);
}
port.postMessage({ type: "done" } satisfies LaneMessage);
