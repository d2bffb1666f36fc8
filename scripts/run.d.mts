// Types of scripts/run.mjs, for its test.
export const env: NodeJS.ProcessEnv;
export function run(command: string, args: string[], options?: import("node:child_process").SpawnOptions): Promise<void>;
export function step(text: string): void;
export function startInBackground(
  command: string,
  args: string[],
  logFile: string,
  options?: import("node:child_process").SpawnOptions,
): { done: Promise<void>; stop: () => boolean };
