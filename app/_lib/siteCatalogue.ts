// How pages and route handlers reach the catalogue: the shared, auto-reopening connection of lib/, with an
// unusable catalogue (missing file, older schema, damaged pages found while reading) returned as a value so each
// page can say so clearly and each route answer 503.
import { siteCatalogue, type Catalogue } from "@/lib/catalogue/reader.ts";
import { isCatalogueUnavailable, type CatalogueUnavailableError } from "@/lib/catalogue/connection.ts";

export type LoadedCatalogue = { catalogue: Catalogue; error?: never } | { catalogue?: never; error: CatalogueUnavailableError };

export function loadCatalogue(): LoadedCatalogue {
  try {
    return { catalogue: siteCatalogue() };
  } catch (error) {
    if (isCatalogueUnavailable(error)) return { error };
    throw error;
  }
}

export type CatalogueRead<T> = { data: T; error?: never } | { data?: never; error: CatalogueUnavailableError };

/**
 * Everything a page or route reads, read in one go: a catalogue that cannot be opened, or turns out damaged part
 * way through, is the error, never a half-read page.
 */
export function readCatalogue<T>(read: (catalogue: Catalogue) => T): CatalogueRead<T> {
  try {
    return { data: read(siteCatalogue()) };
  } catch (error) {
    if (isCatalogueUnavailable(error)) return { error };
    throw error;
  }
}

/** Song ids in URLs: a plain non-negative decimal integer, nothing else (no "1e3", " 7", "0x10"). */
export function parseSongId(text: string): number | null {
  if (!/^\d{1,10}$/.test(text)) return null;
  const id = Number(text);
  return Number.isSafeInteger(id) && id <= 2_147_483_647 ? id : null;
}
