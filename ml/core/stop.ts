// Stopping a command with Ctrl-C (SIGINT) or SIGTERM. Before the command's output is committed, a stop aborts the
// running stage at its next check and the command cleans up and exits 130 with nothing changed; a repeated stop
// while cleaning up is ignored. Once the output is committed (the new catalogue renamed into place), a stop cannot
// undo it: the command says so and finishes normally. It never says "stopping" and then replaces anything.

export interface StopControl {
  /** Aborted when a stop is requested before the commit. */
  readonly signal: AbortSignal;
  /** Call the moment the output is in place. */
  committed(): void;
  /** What a stop signal does. */
  request(): void;
}

export function createStopControl(say: (line: string) => void): StopControl {
  const controller = new AbortController();
  let done = false;
  return {
    signal: controller.signal,
    committed: () => {
      done = true;
    },
    request: () => {
      if (done) {
        say("stop requested after the new catalogue was written: it is in place; finishing the summary");
        return;
      }
      if (!controller.signal.aborted) say("stopping… (cleaning up, nothing is left half-written)");
      controller.abort();
    },
  };
}

/** A StopControl driven by this process's SIGINT and SIGTERM, speaking on stderr. */
export function stopOnSignals(): StopControl {
  const control = createStopControl((line) => process.stderr.write(`\n${line}\n`));
  process.on("SIGINT", control.request);
  process.on("SIGTERM", control.request);
  return control;
}
