"use client";
// Search as you type: an ARIA combobox over /api/search. Without JavaScript it is a plain GET form to /search.
// Arrows move through the suggestions, Enter opens the highlighted song (or the results page), Escape closes
// the list (and a second Escape clears the box).
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { characterCount, MIN_QUERY_LENGTH, normaliseQuery } from "@/lib/search.ts";
import type { SearchHit } from "@/lib/types.ts";

const DEBOUNCE_MS = 150;
const SUGGESTIONS = 8;

export function SearchBox({ initialQuery = "", autoFocus = false }: { initialQuery?: string; autoFocus?: boolean }) {
  const router = useRouter();
  const listId = useId();
  const hintId = useId();
  const [query, setQuery] = useState(initialQuery);
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState("");
  const latest = useRef(0);
  // Suggestions follow typing only: on the results page the box starts filled and must not cover the results.
  const typed = useRef(false);

  useEffect(() => {
    const q = normaliseQuery(query);
    if (!typed.current || characterCount(q) < MIN_QUERY_LENGTH) {
      setHits([]);
      setStatus("");
      return;
    }
    const request = ++latest.current;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(`/api/search?q=${encodeURIComponent(q)}&limit=${SUGGESTIONS}`, { signal: controller.signal });
        if (!response.ok) throw new Error(String(response.status));
        const found = (await response.json()) as SearchHit[];
        if (request !== latest.current) return; // a newer query is on its way
        setHits(found);
        setActive(-1);
        setStatus(found.length === 0 ? "No songs found" : `${found.length} suggestion${found.length === 1 ? "" : "s"}`);
      } catch (error) {
        if ((error as Error).name !== "AbortError" && request === latest.current) {
          setHits([]);
          setStatus("Search is unavailable right now");
        }
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  const expanded = open && hits.length > 0;
  const optionId = (i: number) => `${listId}-option-${i}`;

  // Keep the highlighted suggestion visible when the list scrolls (short phone screens).
  useEffect(() => {
    if (active >= 0) document.getElementById(`${listId}-option-${active}`)?.scrollIntoView({ block: "nearest" });
  }, [active, listId]);

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (hits.length === 0) return;
      event.preventDefault();
      setOpen(true);
      const last = hits.length - 1;
      if (event.key === "ArrowDown") setActive((current) => (current >= last ? 0 : current + 1));
      else setActive((current) => (current <= 0 ? last : current - 1));
    } else if (event.key === "Enter" && expanded && active >= 0 && active < hits.length) {
      event.preventDefault();
      router.push(`/songs/${hits[active]!.id}`);
    } else if (event.key === "Escape") {
      if (expanded) {
        event.preventDefault();
        setOpen(false);
        setActive(-1);
      } else if (query) {
        event.preventDefault();
        setQuery("");
      }
    }
  }

  return (
    <form action="/search" method="get" role="search" aria-label="Songs" className="relative" onSubmit={() => setOpen(false)}>
      <label htmlFor={`${listId}-input`} className="sr-only">
        Search songs by title, artist or album
      </label>
      <div className="flex gap-2">
        <input
          id={`${listId}-input`}
          name="q"
          type="search"
          value={query}
          onChange={(e) => {
            typed.current = true;
            setQuery(e.target.value);
            setOpen(true);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onFocus={() => setOpen(true)}
          autoFocus={autoFocus}
          autoComplete="off"
          spellCheck={false}
          placeholder="노래, 가수, 앨범 · song, artist"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
          aria-describedby={hintId}
          className="min-w-0 flex-1 rounded-xl border border-line bg-surface px-4 py-3 text-base shadow-sm placeholder:text-muted focus:border-accent focus:outline-none focus-visible:outline-3 focus-visible:outline-accent"
        />
        <button type="submit" className="rounded-xl bg-accent px-4 py-3 font-semibold text-accent-ink hover:opacity-90">
          Search
        </button>
      </div>
      <p id={hintId} className="sr-only">
        Type two or more characters; use the up and down arrows to choose a suggestion and Enter to open it.
      </p>
      <p aria-live="polite" className="sr-only">
        {status}
      </p>
      <ul
        id={listId}
        role="listbox"
        aria-label="Suggestions"
        hidden={!expanded}
        className="absolute inset-x-0 top-full z-30 mt-2 max-h-[60vh] overflow-auto rounded-xl border border-line bg-surface p-1 shadow-lg"
      >
        {hits.map((hit, i) => (
          <li
            key={hit.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            data-song-id={hit.id}
            // mousedown, not click: it fires before the input's blur closes the list.
            onMouseDown={(e) => {
              e.preventDefault();
              router.push(`/songs/${hit.id}`);
            }}
            onMouseEnter={() => setActive(i)}
            className={`cursor-pointer rounded-lg px-3 py-2 ${i === active ? "bg-accent-soft" : ""}`}
          >
            <span className="block font-semibold">{hit.name}</span>
            <span className="block text-sm text-muted">
              {hit.artists.join(", ")} · {hit.album}
              {hit.genres.length > 0 && <span> · {hit.genres.join(", ")}</span>}
            </span>
          </li>
        ))}
      </ul>
    </form>
  );
}
