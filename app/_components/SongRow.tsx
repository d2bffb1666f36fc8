import type { Song } from "@/lib/catalogue/reader.ts";
import type { ReactNode } from "react";
import { PlayButton } from "./PlayButton";

export function GenreChips({ genres }: { genres: readonly string[] }) {
  if (genres.length === 0) return null;
  return (
    <span className="inline-flex flex-wrap gap-1">
      {genres.map((g) => (
        <span key={g} className="rounded-full bg-accent-soft px-2 py-0.5 text-xs font-medium text-ink">
          {g}
        </span>
      ))}
    </span>
  );
}

/**
 * One song as a link: title, artists, album and year, genres; `children` adds the reason it is listed.
 * A plain <a>, not next/link: a song page lists ~30 songs, and next/link would make each a client component
 * (rendering cost on every request) and prefetch every one of them from the browser (30 page renders per visit).
 */
export function SongRow({ song, position, children }: { song: Song; position?: number; children?: ReactNode }) {
  const link = (
    <a
      href={`/songs/${song.id}`}
      data-song-id={song.id}
      className="group flex gap-3 rounded-xl px-3 py-2.5 hover:bg-raised focus-visible:bg-raised"
    >
      {position !== undefined && (
        <span aria-hidden="true" className="w-6 shrink-0 pt-0.5 text-right font-semibold tabular-nums text-muted">
          {position}
        </span>
      )}
      <span className="min-w-0 flex-1">
        <span className="block font-semibold group-hover:text-accent">{song.name}</span>
        <span className="block text-sm text-muted">
          {song.artists.join(", ")}
          <span aria-hidden="true"> · </span>
          <span className="sr-only">, album </span>
          {song.album}
          {song.year !== null && <span> ({song.year})</span>}
        </span>
        <span className="mt-1 block">
          <GenreChips genres={song.genres} />
        </span>
        {children}
      </span>
    </a>
  );
  if (!song.audio) return link;
  // A song that can be heard: its play button beside the link (a button cannot sit inside a link).
  return (
    <div className="flex items-start gap-1">
      <div className="min-w-0 flex-1">{link}</div>
      <div className="pr-2 pt-2.5">
        <PlayButton songId={song.id} title={song.name} excerptStart={song.audio.excerptStart} />
      </div>
    </div>
  );
}
