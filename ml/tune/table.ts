// The table `mugle tune` prints: every configuration tried, at every data size, with what it scored and
// what it cost, as Markdown (readable in a terminal, pasteable into notes).
import type { MethodMetrics } from "../../lib/types.ts";
import type { Candidate } from "./space.ts";
import type { TrialResult } from "./trial.ts";

export interface TuneRow {
  /** The candidate's position in the draw (0: the build's default for this corpus). */
  index: number;
  candidate: Candidate;
  /** Share of tune-train it trained on. */
  fraction: number;
  trial: TrialResult;
  /** "promoted", "chosen", "below floor", "sizing" or "". */
  verdict: string;
}

const fixed = (digits: number) => (v: number | null | undefined) => (v === null || v === undefined ? "–" : v.toFixed(digits));
const seconds = (s: number) => (s >= 100 ? s.toFixed(0) : s.toFixed(1));

function share(fraction: number): string {
  return fraction >= 1 ? "100%" : `${(fraction * 100).toFixed(fraction < 0.1 ? 1 : 0)}%`;
}

const METRIC_COLUMNS: { title: string; value: (m: MethodMetrics) => string }[] = [
  { title: "hit@10", value: (m) => fixed(3)(m.coPlaylistHitRateAt10) },
  { title: "nDCG@10", value: (m) => fixed(4)(m.coPlaylistNdcgAt10) },
  { title: "cont nDCG@100", value: (m) => fixed(4)(m.continuationNdcgAt100) },
  { title: "genre P", value: (m) => fixed(3)(m.genrePrecisionAt10) },
  { title: "coverage", value: (m) => fixed(3)(m.coverageAt10) },
  { title: "pop. pct", value: (m) => fixed(1)(m.meanPopularityPercentile) },
];

function markdown(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

/** Every trial, in the order run, then the baselines on the data the choice was made at. */
export function formatTuneTable(rows: readonly TuneRow[], baselines?: { popularity: MethodMetrics; cooccurrence: MethodMetrics }): string {
  const header = ["#", "data", "window", "epochs", "sample", "ns exp", "neg", "dim", "alpha", "together", ...METRIC_COLUMNS.map((c) => c.title), "train s", "total s", ""];
  const body = rows.map((row) => {
    const c = row.candidate;
    const m = row.trial.metrics;
    return [
      String(row.index + 1),
      share(row.fraction),
      String(c.window),
      String(c.epochs),
      String(c.sample),
      String(c.nsExponent),
      String(c.negative),
      String(c.dim),
      String(c.alpha),
      String(row.trial.togetherSlots),
      ...METRIC_COLUMNS.map((col) => col.value(m)),
      seconds(row.trial.trainSeconds),
      seconds(row.trial.trainSeconds + row.trial.evaluateSeconds),
      row.verdict,
    ];
  });
  if (baselines) {
    for (const [name, m] of [["most popular", baselines.popularity], ["played together", baselines.cooccurrence]] as const) {
      body.push(["–", share(rows.at(-1)?.fraction ?? 1), "", "", "", "", "", "", "", "", ...METRIC_COLUMNS.map((col) => col.value(m)), "", "", `baseline: ${name}`]);
    }
  }
  return markdown(header, body);
}
