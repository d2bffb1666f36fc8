// Peak memory per stage of a long job. On Linux the kernel keeps the process's resident-set high-water mark
// (VmHWM in /proc/self/status) and lets a process reset it (writing 5 to /proc/self/clear_refs), which
// catches peaks that happen inside one synchronous step, where a sampling timer would not run. Worker
// threads are part of the process, so their memory counts too. Elsewhere the figure is the process's peak
// so far (process.resourceUsage), which only grows.

import { readFileSync, writeFileSync } from "node:fs";

/** Starts a new peak measurement (the high-water mark drops to the current resident set). */
export function resetPeakMemory(): void {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
  } catch {
    // Not Linux, or not allowed: peakMemory then reports the lifetime peak.
  }
}

/** Bytes: the resident-set peak since the last reset. */
export function peakMemory(): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // fall through
  }
  return process.resourceUsage().maxRSS * 1024;
}

/** "1.4 GiB", "310 MiB". */
export function formatBytes(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${Math.round(bytes / 2 ** 20)} MiB`;
}
