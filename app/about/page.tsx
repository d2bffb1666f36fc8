import type { Metadata } from "next";
import { CatalogueUnavailable } from "../_components/CatalogueUnavailable";
import { readCatalogue } from "../_lib/siteCatalogue";
import { DiscoveryCurve, DiscoveryTable } from "./DiscoveryCurve";
import { MODEL_INFO } from "@/lib/explain.ts";
import { EVAL_METHODS, MODELS, type EvalMethod, type MethodMetrics } from "@/lib/types.ts";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "How it works",
  description: "The three embeddings, the two ensembles and how well the current catalogue does.",
};

const METHOD_LABELS: Record<EvalMethod, string> = {
  music2vec: "Music2Vec",
  tcae: "TCAE",
  cel: "CEL",
  meanSpectrum: "Mean spectrum (audio baseline)",
  pooledFrames: "Pooled frames (audio baseline)",
  loudestBand: "Loudest-band histogram (audio baseline)",
  eachTop3: "Each Embedding Top 3",
  scoreTotal: "Score Total",
  popularity: "Most popular (baseline)",
  cooccurrence: "Played together (baseline)",
};

const COLUMNS: { key: keyof MethodMetrics; label: string; hint: string; percent: boolean }[] = [
  { key: "genrePrecisionAt10", label: "Genre precision", hint: "share of the top 10 sharing a major genre (other artists only)", percent: true },
  { key: "coPlaylistHitRateAt10", label: "Playlist hit rate", hint: "held-out playlists: a top 10 with at least one song of the rest of the playlist", percent: true },
  { key: "coPlaylistNdcgAt10", label: "Playlist nDCG", hint: "the same, rewarding hits near the top", percent: false },
  {
    key: "continuationNdcgAt100",
    label: "Continuation nDCG@100",
    hint: "held-out playlists continued from their first half with 100 songs, scored as the Melon challenge scored songs",
    percent: false,
  },
  { key: "versionRecallAt10", label: "Version recall", hint: "share of a song's other versions (remix, live, cover) found, sample data only", percent: true },
  {
    key: "versionRecallAudioAt10",
    label: "Version recall, songs with audio",
    hint: "the same over the songs with a mel-spectrogram, every method on the same songs",
    percent: true,
  },
  { key: "coverageAt10", label: "Coverage", hint: "share of the catalogue recommended to someone", percent: true },
  { key: "meanPopularityPercentile", label: "Popularity", hint: "mean popularity percentile of what is recommended (lower = more discovery)", percent: false },
];

function formatMetric(value: number | null, percent: boolean): string {
  if (value === null) return "–";
  if (percent) return `${(value * 100).toFixed(1)}%`;
  return value >= 10 ? value.toFixed(0) : value.toFixed(3);
}

function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.round(bytes / 1e3)} kB`;
}

function formatDate(iso: string | null): string {
  if (!iso) return "unknown";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export default function AboutPage() {
  const { data, error } = readCatalogue((catalogue) => ({ stats: catalogue.stats(), run: catalogue.latestRun() }));
  if (error) return <CatalogueUnavailable error={error} />;
  const { stats, run } = data;
  const methods = run ? EVAL_METHODS.filter((m) => run.metrics.methods[m]) : [];
  return (
    <div className="space-y-10">
      <header className="max-w-3xl">
        <h1 className="text-3xl font-bold">How Mugle works</h1>
        <p className="mt-3 text-muted">
          Every song gets up to three vectors — embeddings — and songs with close vectors (cosine similarity) are recommended. Each embedding
          hears “alike” differently; two ensembles combine them.
        </p>
      </header>

      <section aria-labelledby="models-title">
        <h2 id="models-title" className="mb-4 text-xl font-bold">
          Three embeddings
        </h2>
        <div className="grid gap-4 md:grid-cols-3">
          {MODELS.map((model) => {
            const info = MODEL_INFO[model];
            const coverage = stats.models.find((m) => m.model === model);
            return (
              <section key={model} aria-labelledby={`model-${model}`} className="rounded-2xl border border-line bg-surface p-5">
                <h3 id={`model-${model}`} className="text-lg font-semibold">
                  {info.label}
                </h3>
                <p className="text-sm font-medium text-accent">
                  {info.captures}, from {info.source}
                </p>
                <p className="mt-2 text-sm">{info.description}</p>
                <p className="mt-3 text-xs text-muted">
                  {coverage
                    ? `${coverage.songs.toLocaleString("en-US")} songs, ${coverage.dim} dimensions`
                    : "not in this catalogue"}
                </p>
              </section>
            );
          })}
        </div>
        <p className="mt-4 max-w-3xl text-sm text-muted" data-testid="where-timbre-lives">
          Melody, sound and mood are kept apart. TCAE is trained to hear the melody whatever the key, tempo, instruments or mix, so its
          closest songs are often other versions of the same song, which the song page labels “another version (same melody)” above a
          similarity calibrated for each catalogue. How a song sounds — its instruments and production, the colour the original TCAE
          mixed with melody — is a separate timbre facet (each mel band’s mean and spread), shown as “sound colour similarity” beside
          TCAE’s picks. Mood and listening situation come from the playlists (Music2Vec), and CEL joins them with melody.
        </p>
      </section>

      <section aria-labelledby="ensembles-title" className="max-w-3xl">
        <h2 id="ensembles-title" className="mb-3 text-xl font-bold">
          Two ensembles
        </h2>
        <dl className="space-y-3">
          <div>
            <dt className="font-semibold">Score Total</dt>
            <dd className="text-muted">
              It opens with the songs Music2Vec predicts on the song&apos;s playlists (those the familiar ↔ hidden gems control leaves in
              Music2Vec&apos;s first places), in Music2Vec&apos;s order: a vote would tie them with
              the other embeddings&apos; first songs. Then OK Mugle&apos;s vote over the lists without them: for each embedding, a song at place r
              of the rest of its top 50 scores 1/r, and 0.02 when it is not in that top 50; TCAE&apos;s votes count a sixth and CEL&apos;s a
              third (songs only the audio embeddings find are on the same playlists less often than Music2Vec&apos;s, and a song both rank
              first, often another version, still rises to the first places). The scores are summed over the embeddings the song has; the best
              fill the ten places, ties going to the lower id. Songs several embeddings agree on rise.
            </dd>
          </div>
          <div>
            <dt className="font-semibold">Each Embedding Top 3</dt>
            <dd className="text-muted">
              The top 3 of every embedding together; while fewer than ten songs are listed, each embedding’s cut-off widens by one in turn
              (CEL, TCAE, Music2Vec). It keeps each embedding’s own view visible.
            </dd>
          </div>
        </dl>
        <p className="mt-3 text-sm text-muted">Songs without a mel-spectrogram have no audio embedding: their lists come from Music2Vec alone.</p>
      </section>

      <section aria-labelledby="evaluation-title">
        <h2 id="evaluation-title" className="text-xl font-bold">
          How well this catalogue does
        </h2>
        <p className="mt-1 text-sm text-muted">
          Built {formatDate(run?.finishedAt ?? stats.builtAt)} · {stats.songs.toLocaleString("en-US")} songs · {formatBytes(stats.fileBytes)}
          {run && (
            <>
              {" "}
              · top {run.metrics.k} per song · {run.metrics.heldOutPlaylists.toLocaleString("en-US")} held-out playlists · computed with {run.backend}
            </>
          )}
        </p>
        {run ? (
          <div className="mt-4 overflow-x-auto rounded-2xl border border-line bg-surface">
            <table className="w-full min-w-[40rem] text-sm" data-testid="evaluation">
              <caption className="sr-only">Evaluation of each method at {run.metrics.k} recommendations per song</caption>
              <thead>
                <tr className="border-b border-line text-left">
                  <th scope="col" className="p-3 font-semibold">
                    Method
                  </th>
                  {COLUMNS.map((c) => (
                    <th key={c.key} scope="col" className="p-3 text-right font-semibold" title={c.hint}>
                      {c.label}
                    </th>
                  ))}
                  <th scope="col" className="p-3 text-right font-semibold">
                    Songs
                  </th>
                </tr>
              </thead>
              <tbody>
                {methods.map((m) => {
                  const row = run.metrics.methods[m]!;
                  return (
                    <tr key={m} className="border-b border-line last:border-0">
                      <th scope="row" className="p-3 text-left font-medium">
                        {METHOD_LABELS[m]}
                      </th>
                      {COLUMNS.map((c) => (
                        <td key={c.key} className="p-3 text-right tabular-nums">
                          {formatMetric((row[c.key] as number | null | undefined) ?? null, c.percent)}
                        </td>
                      ))}
                      <td className="p-3 text-right tabular-nums">{row.queries.toLocaleString("en-US")}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="mt-4">This catalogue has no recorded build run.</p>
        )}
        <dl className="mt-4 grid gap-x-6 gap-y-1 text-xs text-muted sm:grid-cols-2">
          {COLUMNS.map((c) => (
            <div key={c.key}>
              <dt className="inline font-semibold">{c.label}: </dt>
              <dd className="inline">{c.hint}</dd>
            </div>
          ))}
          <div>
            <dt className="inline font-semibold">Audio baselines: </dt>
            <dd className="inline">
              features that need no training, on the same songs as TCAE and CEL (those with a mel): the mean spectrum, the frames averaged in
              fours, and a histogram of the loudest band per frame. A learned audio embedding should beat them.
            </dd>
          </div>
          {run?.metrics.versionRecallChance != null && (
            <div>
              <dt className="inline font-semibold">Version recall by chance: </dt>
              <dd className="inline">{formatMetric(run.metrics.versionRecallChance, true)}</dd>
            </div>
          )}
        </dl>
      </section>

      {run?.metrics.discovery && run.metrics.discovery.length > 0 && (
        <section aria-labelledby="discovery-title">
          <h2 id="discovery-title" className="text-xl font-bold">
            Familiar or hidden gems
          </h2>
          <p className="mt-1 max-w-3xl text-sm text-muted">
            Every song page has a knob that re-ranks its lists: each embedding’s top 50 is re-ordered by a blend of closeness and
            popularity (towards what playlists agree on, or towards less-played songs alike), and the ensembles are recomputed from the
            re-ordered lists. Measured on the same held-out playlists as the table above:
          </p>
          <DiscoveryCurve
            points={run.metrics.discovery}
            baselines={{ popularity: run.metrics.methods.popularity, cooccurrence: run.metrics.methods.cooccurrence }}
          />
          <DiscoveryTable points={run.metrics.discovery} />
        </section>
      )}
    </div>
  );
}
