import type { Metadata } from "next";
import { CatalogueUnavailable } from "../_components/CatalogueUnavailable";
import { SearchBox } from "../_components/SearchBox";
import { SongRow } from "../_components/SongRow";
import { readCatalogue } from "../_lib/siteCatalogue";
import { MIN_QUERY_LENGTH, SEARCH_PAGES, SEARCH_PAGE_SIZE, characterCount, normaliseQuery, searchPageNumber } from "@/lib/search.ts";

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ q?: string | string[]; page?: string | string[] }> };

function queryOf(q: string | string[] | undefined): string {
  return (Array.isArray(q) ? q[0] : q) ?? "";
}

/** The address of another page of the same results (the parameters server.mjs keeps, in its order). */
function pageHref(q: string, page: number): string {
  const params = new URLSearchParams({ q });
  if (page > 1) params.set("page", String(page));
  return `/search?${params}`;
}

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const q = queryOf((await searchParams).q).trim();
  return { title: q ? `“${q.slice(0, 60)}” — search` : "Search", robots: { index: false } };
}

export default async function SearchPage({ searchParams }: Props) {
  const params = await searchParams;
  const q = queryOf(params.q);
  const page = searchPageNumber(queryOf(params.page) || null);
  const first = (page - 1) * SEARCH_PAGE_SIZE;
  const tooShort = characterCount(normaliseQuery(q)) < MIN_QUERY_LENGTH;
  const { data, error } = readCatalogue((catalogue) => {
    // One more than a page: whether there is a next one.
    const found = tooShort ? [] : catalogue.searchSongs(q, SEARCH_PAGE_SIZE + 1, first);
    return { found, suggestions: found.length === 0 && page === 1 ? catalogue.popularSongs(5) : [] };
  });
  if (error) return <CatalogueUnavailable error={error} />;
  const { found, suggestions } = data;
  const results = found.slice(0, SEARCH_PAGE_SIZE);
  const hasNext = found.length > SEARCH_PAGE_SIZE && page < SEARCH_PAGES;
  const shown = q.trim();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Search</h1>
      <SearchBox initialQuery={q} />
      <section aria-labelledby="results-title" aria-live="polite">
        <h2 id="results-title" className="mb-3 text-sm font-medium text-muted">
          {tooShort
            ? shown
              ? "Type at least two characters."
              : "Search by title, artist or album, in Korean or English."
            : results.length === 0
              ? page === 1
                ? `No songs match “${shown}”.`
                : `No more songs match “${shown}”.`
              : page === 1 && !hasNext
                ? `${results.length} song${results.length === 1 ? "" : "s"} matching “${shown}”`
                : `Songs ${first + 1}–${first + results.length} matching “${shown}”`}
        </h2>
        {results.length > 0 && (
          <ol start={first + 1} className="rounded-2xl border border-line bg-surface p-2" data-testid="search-results">
            {results.map((song) => (
              <li key={song.id}>
                <SongRow song={song} />
              </li>
            ))}
          </ol>
        )}
        {!tooShort && (page > 1 || hasNext) && (
          <nav aria-label="Result pages" className="mt-3 flex justify-between gap-3 text-sm">
            {page > 1 ? (
              <a href={pageHref(q, results.length === 0 ? 1 : page - 1)} rel="prev" className="rounded-md px-3 py-1.5 text-accent hover:bg-raised">
                ← {results.length === 0 ? "First results" : "Previous songs"}
              </a>
            ) : (
              <span />
            )}
            {hasNext && (
              <a href={pageHref(q, page + 1)} rel="next" className="rounded-md px-3 py-1.5 text-accent hover:bg-raised">
                More songs →
              </a>
            )}
          </nav>
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
