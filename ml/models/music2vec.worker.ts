// One Music2Vec training thread: an SgnsTrainer over the shared corpus and arena, driven round by round by
// ml/models/music2vec.ts. With `deterministic` it trains a private copy of the weights and, between rounds,
// merges its share of rows of every copy (mergeRows); otherwise it trains the shared weights directly (Hogwild).
import { parentPort, workerData } from "node:worker_threads";
import { threadMerge, threadTrainer, type WorkerCommand, type WorkerInit, type WorkerReply } from "./music2vecThreads.ts";

const init = workerData as WorkerInit;
const port = parentPort!;
const { arena } = init;
const trainer = threadTrainer(
  { ...init, corpus: { words: new Int32Array(init.words), offsets: new Int32Array(init.offsets) } },
  init.index,
  init.deterministic ? init.index : null,
);
const merge = init.deterministic ? threadMerge(arena, init.loop, init.threads) : null;

port.on("message", (command: WorkerCommand) => {
  let reply: WorkerReply;
  if (command.type === "train") {
    const counts = trainer.trainSentences(command.epoch, command.first + init.index, command.end, init.threads);
    reply = { type: "trained", ...counts };
  } else {
    merge!(command.from, command.to);
    reply = { type: "merged" };
  }
  port.postMessage(reply);
});
