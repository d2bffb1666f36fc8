import type { Metadata } from "next";
import { CatalogueUnavailable } from "../_components/CatalogueUnavailable";
import { SearchBox } from "../_components/SearchBox";
import { SongRow } from "../_components/SongRow";
import { readCatalogue } from "../_lib/siteCatalogue";
import { MIN_QUERY_LENGTH, characterCount, normaliseQuery } from "@/lib/search.ts";

export const dynamic = "force-dynamic";

const RESULTS = 50;

type Props = { searchParams: Promise<{ q?: string | string[] }> };

function queryOf(q: string | string[] | undefined): string {
  return (Array.isArray(q) ? q[0] : q) ?? "";
}

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const q = queryOf((await searchParams).q).trim();
  return { title: q ? `“${q.slice(0, 60)}” — search` : "Search", robots: { index: false } };
}

export default async function SearchPage({ searchParams }: Props) {
  const q = queryOf((await searchParams).q);
  const tooShort = characterCount(normaliseQuery(q)) < MIN_QUERY_LENGTH;
  const { data, error } = readCatalogue((catalogue) => {
    const results = tooShort ? [] : catalogue.searchSongs(q, RESULTS);
    return { results, suggestions: results.length === 0 ? catalogue.popularSongs(5) : [] };
  });
  if (error) return <CatalogueUnavailable error={error} />;
  const { results, suggestions } = data;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Search</h1>
      <SearchBox initialQuery={q} />
      <section aria-labelledby="results-title" aria-live="polite">
        <h2 id="results-title" className="mb-3 text-sm font-medium text-muted">
          {tooShort
            ? q.trim()
              ? "Type at least two characters."
              : "Search by title, artist or album, in Korean or English."
            : results.length === 0
              ? `No songs match “${q.trim()}”.`
              : `${results.length === RESULTS ? `First ${RESULTS}` : results.length} song${results.length === 1 ? "" : "s"} matching “${q.trim()}”`}
        </h2>
        {results.length > 0 && (
          <ol className="rounded-2xl border border-line bg-surface p-2" data-testid="search-results">
            {results.map((song) => (
              <li key={song.id}>
                <SongRow song={song} />
              </li>
            ))}
          </ol>
        )}
        {suggestions.length > 0 && (
          <div className="rounded-2xl border border-line bg-surface p-3">
            <p className="px-3 pb-2 text-sm text-muted">
              {tooShort ? "Or start from a song many playlists hold:" : "Check the spelling, try part of a word (two characters are enough), or start from one of these:"}
            </p>
            <ul>
              {suggestions.map((song) => (
                <li key={song.id}>
                  <SongRow song={song} />
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>
    </div>
  );
}
