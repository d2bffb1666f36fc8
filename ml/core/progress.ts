// Progress for long work: a bar with count, rate and ETA on a terminal (redrawn in place on stderr),
// and a plain line every few seconds elsewhere (CI logs), so stdout stays clean for --json output.

export interface Progress {
  /** Advance by `n` units; `info` is a short status such as "loss 0.0123". */
  tick(n?: number, info?: string): void;
  /** Set the absolute count. */
  update(done: number, info?: string): void;
  /** Final line with total time and rate. */
  done(summary?: string): void;
}

export interface ProgressOptions {
  /** Unit shown in the rate, e.g. "songs", "words". */
  unit?: string;
  stream?: NodeJS.WriteStream;
  /** Silence everything (tests, --quiet). */
  quiet?: boolean;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "--:--";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (v: number) => String(v).padStart(2, "0");
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
}

export function formatCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(n >= 1e7 ? 0 : 1)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(0)}k`;
  return String(Math.round(n));
}

export function createProgress(label: string, total: number, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const unit = options.unit ?? "items";
  const quiet = options.quiet ?? process.env.MUGLE_QUIET === "1";
  const interactive = Boolean(stream.isTTY);
  const start = performance.now();
  let count = 0;
  let lastDraw = 0;
  let lastInfo = "";

  const line = (final: boolean): string => {
    const elapsed = (performance.now() - start) / 1000;
    const rate = elapsed > 0 ? count / elapsed : 0;
    const frac = total > 0 ? Math.min(1, count / total) : 0;
    const width = 24;
    const filled = Math.round(frac * width);
    const bar = "█".repeat(filled) + "░".repeat(width - filled);
    const eta = final ? `in ${formatDuration(elapsed)}` : `ETA ${formatDuration(rate > 0 ? (total - count) / rate : NaN)}`;
    const info = lastInfo ? `  ${lastInfo}` : "";
    return `${label.padEnd(14)} ${bar} ${String(Math.round(frac * 100)).padStart(3)}%  ${formatCount(count)}/${formatCount(total)} ${unit}  ${formatCount(rate)}/s  ${eta}${info}`;
  };

  const draw = (force: boolean) => {
    if (quiet) return;
    const now = performance.now();
    const every = interactive ? 100 : 5000;
    if (!force && now - lastDraw < every) return;
    lastDraw = now;
    if (interactive) stream.write(`\r\x1b[2K${line(false)}`);
    else stream.write(`${line(false)}\n`);
  };

  return {
    tick(n = 1, info) {
      count += n;
      if (info !== undefined) lastInfo = info;
      draw(false);
    },
    update(done, info) {
      count = done;
      if (info !== undefined) lastInfo = info;
      draw(false);
    },
    done(summary) {
      if (summary !== undefined) lastInfo = summary;
      if (quiet) return;
      const text = line(true);
      stream.write(interactive ? `\r\x1b[2K${text}\n` : `${text}\n`);
    },
  };
}
