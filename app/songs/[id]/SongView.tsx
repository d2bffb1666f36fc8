// The song page's content, shared by /songs/{id} (the stored ranking) and /songs/{id}?discovery=… (every list
// re-ranked between familiar and hidden gems, lib/discovery.ts; next.config.ts rewrites that URL to
// ./discovery/[level]). Both are cached renders (app/_lib/freshness.ts).
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { CatalogueUnavailable } from "../../_components/CatalogueUnavailable";
import { GenreChips, SongRow } from "../../_components/SongRow";
import { SongSound } from "../../_components/SongSound";
import { readCatalogue } from "../../_lib/siteCatalogue";
import { limitPageLifetime } from "../../_lib/freshness";
import { DiscoveryControl } from "./DiscoveryControl";
import type { Song } from "@/lib/catalogue/reader.ts";
import { documentAtDiscovery } from "@/lib/discovery.ts";
import {
  MODEL_INFO,
  NO_MEL_EXPLANATION,
  cosineSimilarity,
  explainNeighbor,
  explainScoreTotal,
  tcaeRelation,
  type AudioFacts,
  type Explanation,
} from "@/lib/explain.ts";
import { MODELS, type Model, type SongDocument } from "@/lib/types.ts";

/** Everything the page shows, read once per request (generateMetadata and the page share it). */
const readSongPage = cache((id: number, discovery: number) => {
  const { data, error } = readCatalogue((catalogue) => {
    const doc = documentAtDiscovery(catalogue, id, discovery);
    const song = catalogue.song(id);
    if (!doc || !song) return { kind: "missing" } as const;
    const available = MODELS.filter((m) => doc.neighbors[m].length > 0);
    const listed = new Set<number>([
      ...available.flatMap((m) => doc.neighbors[m].slice(0, 3).map((n) => n.id)),
      ...doc.scoreTotal.map((item) => item.id),
      ...doc.eachTop3.map((item) => item.id),
    ]);
    // TCAE neighbours are told apart: another version of this song (same melody) or a song that sounds alike.
    const threshold = catalogue.sameMelodyThreshold();
    const tcaeScores = new Map(doc.neighbors.tcae.map((n) => [n.id, n.score]));
    const timbre = catalogue.timbre([id, ...doc.neighbors.tcae.slice(0, 3).map((n) => n.id)]);
    const own = timbre.get(id);
    const audio = (other: number): AudioFacts | undefined => {
      const score = tcaeScores.get(other);
      if (score === undefined) return undefined;
      const theirs = timbre.get(other);
      return { relation: tcaeRelation(score, threshold), timbre: own && theirs ? cosineSimilarity(own, theirs) : null };
    };
    const built = new Set(catalogue.models().map((m) => m.model));
    return { kind: "found", doc, song, available, built, songs: catalogue.songs([...listed]), co: catalogue.coPlaylists(id), audio } as const;
  });
  return error ? ({ kind: "unavailable", error } as const) : data;
});

function describe(song: Song): string {
  return `${song.name} — ${song.artists.join(", ")}`;
}

/** The page's metadata; every discovery setting of a song shares the song's canonical URL. */
export function songMetadata(id: number | null, discovery: number): Metadata {
  const data = id === null ? null : readSongPage(id, discovery);
  if (data?.kind !== "found") return { title: "Song not found" };
  const { doc, song, songs: picks } = data;
  const pickNames = doc.scoreTotal.slice(0, 3).flatMap((item) => {
    const pick = picks.get(item.id);
    return pick ? [describe(pick)] : [];
  });
  const title = describe(song);
  const description = pickNames.length
    ? `Songs like ${song.name}: ${pickNames.join(" · ")} — and why, from playlists and from the audio.`
    : `${song.name} by ${song.artists.join(", ")} on Mugle.`;
  return {
    title,
    description,
    alternates: { canonical: `/songs/${song.id}` },
    openGraph: { title, description, url: `/songs/${song.id}`, type: "music.song" },
    twitter: { card: "summary", title, description },
  };
}

function Facts({ explanation }: { explanation: Explanation }) {
  return (
    <span className="mt-1 block text-sm">
      <span className="block text-ink">{explanation.headline}</span>
      <span className="block text-muted">{explanation.facts.join(" · ")}</span>
    </span>
  );
}

function Top3Panel({
  model,
  doc,
  song,
  songs,
  co,
  audio,
}: {
  model: Model;
  doc: SongDocument;
  song: Song;
  songs: Map<number, Song>;
  co: Map<number, number>;
  audio: (id: number) => AudioFacts | undefined;
}) {
  const info = MODEL_INFO[model];
  const top = doc.neighbors[model].slice(0, 3);
  return (
    <section aria-labelledby={`top3-${model}-title`} data-testid={`top3-${model}`} className="flex flex-col rounded-2xl border border-line bg-surface p-3">
      <div className="px-3 pt-2">
        <h3 id={`top3-${model}-title`} className="text-lg font-semibold">
          {info.label}
        </h3>
        <p className="text-sm text-muted">
          Alike in <strong className="font-semibold text-ink">{info.captures}</strong>, learned from {info.source}.
        </p>
      </div>
      <ol className="mt-2">
        {top.map((n) => {
          const other = songs.get(n.id);
          return other ? (
            <li key={n.id} data-kind={n.kind}>
              <SongRow song={other} position={n.rank}>
                <Facts explanation={explainNeighbor(model, n, song, other, co.get(n.id), model === "tcae" ? audio(n.id) : undefined)} />
              </SongRow>
            </li>
          ) : null;
        })}
      </ol>
    </section>
  );
}

/** The page for song `id` (null: not a song id) with every list at the `discovery` setting. */
export async function SongView({ id, discovery }: { id: number | null; discovery: number }) {
  const data = id === null ? ({ kind: "missing" } as const) : readSongPage(id, discovery);
  // Before any outcome, 404 included, so each is cached for the window (an unusable catalogue only briefly).
  await limitPageLifetime(data.kind !== "unavailable");
  if (data.kind === "unavailable") return <CatalogueUnavailable error={data.error} />;
  if (data.kind === "missing") notFound();
  const { doc, song, available, built, songs, co, audio } = data;
  const music2vecKinds = new Map(doc.neighbors.music2vec.map((n) => [n.id, n.kind]));
  const missingAudio = available.length < MODELS.length;
  // Why an embedding is missing: no mel for this song, a catalogue without playlists (a music folder imported
  // without any: no Music2Vec, so no CEL), a song on no training playlist (an imported song in no playlist, or
  // one whose playlists were all held out for evaluation), or a catalogue built without the audio models.
  const missingReason = !song.hasMel
    ? NO_MEL_EXPLANATION
    : !built.has("music2vec")
      ? "This catalogue has no playlists to learn from, so Music2Vec and CEL are not part of it; TCAE recommends from the audio alone."
      : !available.includes("music2vec")
        ? song.playlistCount === 0
          ? "This song is on no training playlist (songs on playlists held out to measure the recommendations count as none), so Music2Vec has no vector for it; TCAE and CEL recommend from the audio alone."
          : "Music2Vec has no vector for this song; TCAE and CEL recommend from the audio alone."
        : "This catalogue was built without the audio models, so only Music2Vec (playlists) recommends here.";

  return (
    <article className="space-y-8" aria-labelledby="song-title">
      <header className="rounded-2xl border border-line bg-surface p-5 sm:p-7">
        <p className="text-sm font-medium text-accent">Song</p>
        <h1 id="song-title" className="mt-1 text-2xl font-bold leading-tight sm:text-4xl">
          {song.name}
        </h1>
        <p className="mt-2 text-lg">{song.artists.join(", ")}</p>
        <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-muted">Album</dt>
          <dd>{song.album}</dd>
          <dt className="text-muted">Released</dt>
          <dd>{song.issueDate ?? "unknown"}</dd>
          {song.genres.length + song.detailGenres.length > 0 && (
            <>
              <dt className="text-muted">Genre</dt>
              <dd className="flex flex-wrap items-center gap-2">
                <GenreChips genres={song.genres} />
                {song.detailGenres.length > 0 && <span className="text-muted">{song.detailGenres.join(", ")}</span>}
              </dd>
            </>
          )}
          <dt className="text-muted">Playlists</dt>
          <dd>
            {song.playlistCount === 0 ? (
              "on no training playlist"
            ) : (
              <>
                on {song.playlistCount.toLocaleString("en-US")} training playlist{song.playlistCount === 1 ? "" : "s"} (more than{" "}
                {Math.round(song.popularityPct)}% of the catalogue)
              </>
            )}
          </dd>
        </dl>
        <p className="mt-4 text-sm">
          <Link href={`/map?song=${song.id}`} className="font-medium text-accent underline underline-offset-4">
            See it on the map
          </Link>
        </p>
      </header>

      <SongSound song={song} tcaeNeighbours={doc.neighbors.tcae.slice(0, 3).flatMap((n) => songs.get(n.id) ?? [])} />

      {missingAudio && (
        <p role="note" data-testid="no-audio" className="rounded-xl border border-line bg-accent-soft p-4 text-sm">
          {missingReason}
        </p>
      )}

      <DiscoveryControl songId={song.id} discovery={discovery} />

      <section aria-labelledby="top3-title">
        <h2 id="top3-title" className="mb-1 text-xl font-bold">
          Each embedding’s top 3
        </h2>
        <p className="mb-4 text-sm text-muted">Three ways of hearing “alike”: the closest songs by cosine similarity in each embedding; Music2Vec’s list opens with the songs it predicts on this song’s playlists.</p>
        <div className={`grid gap-4 ${available.length > 1 ? "lg:grid-cols-3" : ""}`}>
          {available.map((model) => (
            <Top3Panel key={model} model={model} doc={doc} song={song} songs={songs} co={co} audio={audio} />
          ))}
        </div>
      </section>

      <div className="grid gap-8 lg:grid-cols-[3fr_2fr]">
        <section aria-labelledby="score-total-title" className="rounded-2xl border border-line bg-surface p-3">
          <div className="px-3 pt-2">
            <h2 id="score-total-title" className="text-xl font-bold">
              Score Total top 10
            </h2>
            <p className="text-sm text-muted">
              Music2Vec&apos;s predicted playlist-mates first; then each embedding votes 1/rank for the other songs in its top 50 (0.02 when
              absent; TCAE&apos;s votes count a sixth, CEL&apos;s a third), and the votes are summed.
            </p>
          </div>
          <ol data-testid="score-total" className="mt-2">
            {doc.scoreTotal.map((item, i) => {
              const other = songs.get(item.id);
              return other ? (
                <li key={item.id}>
                  <SongRow song={other} position={i + 1}>
                    <Facts
                      explanation={explainScoreTotal(item, available, song, other, co.get(item.id), audio(item.id)?.relation, music2vecKinds.get(item.id))}
                    />
                    <span className="block text-xs text-muted tabular-nums">score {item.score.toFixed(3)}</span>
                  </SongRow>
                </li>
              ) : null;
            })}
          </ol>
        </section>

        <section aria-labelledby="each-top3-title" className="rounded-2xl border border-line bg-surface p-3 self-start">
          <div className="px-3 pt-2">
            <h2 id="each-top3-title" className="text-xl font-bold">
              Each Embedding Top 3
            </h2>
            <p className="text-sm text-muted">Every embedding’s top 3 together, widened in turn (CEL, TCAE, Music2Vec) until ten songs are listed.</p>
          </div>
          <ol data-testid="each-top3" className="mt-2">
            {doc.eachTop3.map((item, i) => {
              const other = songs.get(item.id);
              return other ? (
                <li key={item.id}>
                  <SongRow song={other} position={i + 1}>
                    <span className="mt-1 block text-sm text-muted">from {item.from.map((m) => MODEL_INFO[m].label).join(", ")}</span>
                  </SongRow>
                </li>
              ) : null;
            })}
          </ol>
        </section>
      </div>
    </article>
  );
}
