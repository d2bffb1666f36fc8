// The accuracy/discovery curve of the current catalogue, drawn on the server as SVG: for each setting of the
// song page's familiar ↔ hidden-gems knob, the co-playlist hit rate against the popularity of what is
// recommended; the two baselines as reference points. The numbers are in the table beneath.
import type { DiscoveryPoint, EvalMethod, MethodMetrics } from "@/lib/types.ts";

const WIDTH = 560;
const HEIGHT = 300;
const MARGIN = { left: 52, right: 20, top: 16, bottom: 44 };
const SERIES: { method: EvalMethod; label: string; colour: string }[] = [
  { method: "music2vec", label: "Music2Vec", colour: "var(--accent)" },
  { method: "scoreTotal", label: "Score Total", colour: "#c2410c" },
];

function settingLabel(d: number): string {
  return d === 0 ? "0" : d === 1 ? "1" : String(d).replace(/^0/, "");
}

function percent(value: number | null): string {
  return value === null ? "–" : `${(value * 100).toFixed(1)}%`;
}

export function DiscoveryCurve({ points, baselines }: { points: DiscoveryPoint[]; baselines: Partial<Record<"popularity" | "cooccurrence", MethodMetrics>> }) {
  const drawn = points.filter((p) => p.coPlaylistHitRateAt10 !== null && p.meanPopularityPercentile !== null);
  const refs = (["popularity", "cooccurrence"] as const).flatMap((m) => {
    const b = baselines[m];
    return b && b.coPlaylistHitRateAt10 !== null && b.meanPopularityPercentile !== null
      ? [{ label: m === "popularity" ? "most popular" : "played together", hit: b.coPlaylistHitRateAt10, pct: b.meanPopularityPercentile }]
      : [];
  });
  const top = Math.max(0.05, ...drawn.map((p) => p.coPlaylistHitRateAt10!), ...refs.map((r) => r.hit)) * 1.1;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (pct: number) => MARGIN.left + (pct / 100) * plotW;
  const y = (hit: number) => MARGIN.top + plotH - (hit / top) * plotH;
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * top);
  const summary = SERIES.map((s) => {
    const line = drawn.filter((p) => p.method === s.method);
    if (line.length === 0) return "";
    const first = line[0]!;
    const last = line[line.length - 1]!;
    return `${s.label}: hit rate ${percent(first.coPlaylistHitRateAt10)} at popularity ${first.meanPopularityPercentile!.toFixed(0)} (familiar) to ${percent(last.coPlaylistHitRateAt10)} at ${last.meanPopularityPercentile!.toFixed(0)} (hidden gems).`;
  }).join(" ");

  return (
    <figure className="mt-4 max-w-3xl" data-testid="discovery-curve">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`Accuracy against discovery. ${summary}`} className="w-full rounded-2xl border border-line bg-surface">
        {yTicks.map((t) => (
          <g key={t}>
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(t)} y2={y(t)} stroke="currentColor" strokeOpacity={0.12} />
            <text x={MARGIN.left - 6} y={y(t) + 4} textAnchor="end" fontSize={11} fill="currentColor" fillOpacity={0.7}>
              {(t * 100).toFixed(0)}%
            </text>
          </g>
        ))}
        {[0, 25, 50, 75, 100].map((p) => (
          <text key={p} x={x(p)} y={HEIGHT - MARGIN.bottom + 16} textAnchor="middle" fontSize={11} fill="currentColor" fillOpacity={0.7}>
            {p}
          </text>
        ))}
        <text x={MARGIN.left + plotW / 2} y={HEIGHT - 8} textAnchor="middle" fontSize={12} fill="currentColor">
          ← hidden gems · popularity percentile of what is recommended · familiar →
        </text>
        <text transform={`translate(14 ${MARGIN.top + plotH / 2}) rotate(-90)`} textAnchor="middle" fontSize={12} fill="currentColor">
          playlist hit rate @10
        </text>
        {refs.map((r) => (
          <g key={r.label}>
            <rect x={x(r.pct) - 4} y={y(r.hit) - 4} width={8} height={8} transform={`rotate(45 ${x(r.pct)} ${y(r.hit)})`} fill="currentColor" fillOpacity={0.55} />
            <text x={x(r.pct) - 8} y={y(r.hit) - 8} textAnchor="end" fontSize={11} fill="currentColor" fillOpacity={0.8}>
              {r.label}
            </text>
          </g>
        ))}
        {SERIES.map((s) => {
          const line = drawn.filter((p) => p.method === s.method).sort((a, b) => a.discovery - b.discovery);
          if (line.length === 0) return null;
          return (
            <g key={s.method} data-method={s.method}>
              <polyline
                points={line.map((p) => `${x(p.meanPopularityPercentile!)},${y(p.coPlaylistHitRateAt10!)}`).join(" ")}
                fill="none"
                stroke={s.colour}
                strokeWidth={2}
              />
              {line.map((p) => (
                <g key={p.discovery}>
                  <circle cx={x(p.meanPopularityPercentile!)} cy={y(p.coPlaylistHitRateAt10!)} r={p.discovery === 0.5 ? 5 : 3.5} fill={s.colour} />
                  <text x={x(p.meanPopularityPercentile!) + 6} y={y(p.coPlaylistHitRateAt10!) - 6} fontSize={10} fill={s.colour}>
                    {settingLabel(p.discovery)}
                  </text>
                </g>
              ))}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-2 text-sm text-muted">
        Each point is one setting of the song page’s knob (0 familiar, 0.5 as ranked, 1 hidden gems):{" "}
        {SERIES.map((s, i) => (
          <span key={s.method}>
            {i > 0 && ", "}
            <span style={{ color: s.colour }} className="font-semibold">
              {s.label}
            </span>
          </span>
        ))}
        ; diamonds are the baselines. Leaning familiar finds more of a held-out playlist’s songs; leaning to hidden gems recommends
        less-played ones.
      </figcaption>
    </figure>
  );
}

/** The curve's numbers, one row per method and setting. */
export function DiscoveryTable({ points }: { points: DiscoveryPoint[] }) {
  const rows = SERIES.flatMap((s) => points.filter((p) => p.method === s.method).map((p) => ({ ...p, label: s.label })));
  return (
    <div className="mt-4 overflow-x-auto rounded-2xl border border-line bg-surface">
      <table className="w-full min-w-[36rem] text-sm" data-testid="discovery-table">
        <caption className="sr-only">Quality at each discovery setting</caption>
        <thead>
          <tr className="border-b border-line text-left">
            {["Method", "Discovery", "Playlist hit rate", "Playlist nDCG", "Genre precision", "Coverage", "Popularity"].map((h, i) => (
              <th key={h} scope="col" className={`p-3 font-semibold ${i > 1 ? "text-right" : ""}`}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={`${p.method}-${p.discovery}`} className="border-b border-line last:border-0">
              <th scope="row" className="p-3 text-left font-medium">
                {p.label}
              </th>
              <td className="p-3 tabular-nums">{p.discovery}</td>
              <td className="p-3 text-right tabular-nums">{percent(p.coPlaylistHitRateAt10)}</td>
              <td className="p-3 text-right tabular-nums">{p.coPlaylistNdcgAt10 === null ? "–" : p.coPlaylistNdcgAt10.toFixed(3)}</td>
              <td className="p-3 text-right tabular-nums">{percent(p.genrePrecisionAt10)}</td>
              <td className="p-3 text-right tabular-nums">{percent(p.coverageAt10)}</td>
              <td className="p-3 text-right tabular-nums">{p.meanPopularityPercentile === null ? "–" : p.meanPopularityPercentile.toFixed(0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
