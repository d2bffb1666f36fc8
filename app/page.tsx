import Link from "next/link";
import { CatalogueUnavailable } from "./_components/CatalogueUnavailable";
import { SearchBox } from "./_components/SearchBox";
import { SongRow } from "./_components/SongRow";
import { readCatalogue } from "./_lib/siteCatalogue";

export const dynamic = "force-dynamic";

const EXAMPLES = ["사랑", "이별", "night", "drive"];

export default function HomePage() {
  const { data, error } = readCatalogue((catalogue) => ({ stats: catalogue.stats(), popular: catalogue.popularSongs(6) }));
  if (error) return <CatalogueUnavailable error={error} />;
  const { stats, popular } = data;
  return (
    <div className="space-y-10">
      <section aria-labelledby="home-title" className="mx-auto max-w-2xl pt-4 text-center sm:pt-10">
        <h1 id="home-title" className="text-3xl font-bold tracking-tight sm:text-5xl">
          Find songs like the one you love
        </h1>
        <p className="mt-4 text-muted sm:text-lg">
          Alike in <strong className="text-ink">melody and mood</strong> (from the audio), in{" "}
          <strong className="text-ink">genre and situation</strong> (from playlists), or in both — and why.
        </p>
        <div className="mt-8 text-left">
          <SearchBox autoFocus />
        </div>
        <p className="mt-3 text-sm text-muted">
          Try{" "}
          {EXAMPLES.map((q, i) => (
            <span key={q}>
              {i > 0 && ", "}
              <Link href={`/search?q=${encodeURIComponent(q)}`} className="underline decoration-line underline-offset-4 hover:text-accent">
                {q}
              </Link>
            </span>
          ))}{" "}
          · {stats.songs.toLocaleString("en-US")} songs in the catalogue
        </p>
      </section>

      {popular.length > 0 && (
        <section aria-labelledby="popular-title" className="rounded-2xl border border-line bg-surface p-3 sm:p-5">
          <h2 id="popular-title" className="px-3 pb-2 text-lg font-semibold">
            On the most playlists
          </h2>
          <ul className="grid gap-1 sm:grid-cols-2">
            {popular.map((song) => (
              <li key={song.id}>
                <SongRow song={song} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
