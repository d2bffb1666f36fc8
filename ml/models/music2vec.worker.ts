// One Music2Vec training thread: an SgnsTrainer over the shared corpus and arena, driven round by round by
// ml/models/music2vec.ts. With `deterministic` it trains a private copy of the weights and, between rounds,
// merges its share of rows of every copy (mergeRows); otherwise it trains the shared weights directly (Hogwild).
import { parentPort, workerData } from "node:worker_threads";
import { f32 } from "../compute/sharedArena.ts";
import { mergeRows, threadTrainer, weightNames, type WorkerCommand, type WorkerInit, type WorkerReply } from "./music2vecThreads.ts";

const init = workerData as WorkerInit;
const port = parentPort!;
const { arena } = init;
const trainer = threadTrainer(
  { ...init, corpus: { words: new Int32Array(init.words), offsets: new Int32Array(init.offsets) } },
  init.index,
  init.deterministic ? init.index : null,
);
const base = weightNames(null);
const copies = init.deterministic ? Array.from({ length: init.threads }, (_, t) => weightNames(t)) : [];
const copies0 = copies.map((c) => f32(arena, c.syn0));
const copies1 = copies.map((c) => f32(arena, c.syn1neg));
const base0 = f32(arena, base.syn0);
const base1 = f32(arena, base.syn1neg);

port.on("message", (command: WorkerCommand) => {
  let reply: WorkerReply;
  if (command.type === "train") {
    const counts = trainer.trainSentences(command.epoch, command.first + init.index, command.end, init.threads);
    reply = { type: "trained", ...counts };
  } else {
    mergeRows(base0, copies0, command.from, command.to);
    mergeRows(base1, copies1, command.from, command.to);
    reply = { type: "merged" };
  }
  port.postMessage(reply);
});
