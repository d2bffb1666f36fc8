// Starting a worker thread on a TypeScript file. On Node 20, `node --import tsx` registers its loader for
// the main thread only: a Worker on a `.ts` URL fails with ERR_UNKNOWN_FILE_EXTENSION even with the same
// execArgv. So the worker starts from a one-line JavaScript bootstrap that registers tsx, then imports the file.
import { Worker, type WorkerOptions } from "node:worker_threads";

export function startTypeScriptWorker(file: URL, options: Omit<WorkerOptions, "eval"> = {}): Worker {
  const tsx = import.meta.resolve("tsx/esm/api");
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(file.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
