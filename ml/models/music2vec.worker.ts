// One Music2Vec training thread: an SgnsTrainer over the shared corpus, driven round by round by
// ml/models/music2vec.ts. With `deterministic` it trains a private copy of the weights and, between rounds,
// merges its share of rows of every copy (mergeRows); otherwise it trains the shared weights directly (Hogwild).
import { parentPort, workerData } from "node:worker_threads";
import { Random } from "../core/random.ts";
import { mergeRows, threadStream, type WorkerCommand, type WorkerInit, type WorkerReply } from "./music2vecThreads.ts";
import { SgnsTrainer } from "./sgns.ts";

const init = workerData as WorkerInit;
const port = parentPort!;
const own = init.deterministic ? init.copies[init.index]! : init.base;
const trainer = new SgnsTrainer(
  new Float32Array(own.syn0),
  new Float32Array(own.syn1neg),
  { words: new Int32Array(init.words), offsets: new Int32Array(init.offsets) },
  { unigramTable: new Int32Array(init.unigramTable), keepThresholds: new Float64Array(init.keepThresholds) },
  init.settings,
  new Random(init.seed, threadStream(init.index)),
);
const weights = (buffers: { syn0: SharedArrayBuffer; syn1neg: SharedArrayBuffer }) => ({
  syn0: new Float32Array(buffers.syn0),
  syn1neg: new Float32Array(buffers.syn1neg),
});
const base = weights(init.base);
const copies = init.copies.map(weights);

port.on("message", (command: WorkerCommand) => {
  let reply: WorkerReply;
  if (command.type === "train") {
    const counts = trainer.trainSentences(command.epoch, command.first + init.index, command.end, init.threads);
    reply = { type: "trained", ...counts };
  } else {
    mergeRows(base.syn0, copies.map((c) => c.syn0), command.from, command.to);
    mergeRows(base.syn1neg, copies.map((c) => c.syn1neg), command.from, command.to);
    reply = { type: "merged" };
  }
  port.postMessage(reply);
});
