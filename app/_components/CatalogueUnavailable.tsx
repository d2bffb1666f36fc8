import type { CatalogueUnavailableError } from "@/lib/catalogue/connection.ts";

const TITLES: Record<CatalogueUnavailableError["reason"], string> = {
  missing: "No catalogue yet",
  "older-schema": "The catalogue needs a rebuild",
  "newer-schema": "The catalogue is newer than this site",
  unreadable: "The catalogue cannot be read",
  damaged: "The catalogue is damaged",
};

/**
 * The page shown instead of content when the database is missing, unreadable, damaged or of another schema
 * version; server.mjs sends it with status 503.
 */
export function CatalogueUnavailable({ error }: { error: CatalogueUnavailableError }) {
  return (
    // The marker attribute is how server.mjs knows to send this page with status 503 and never cache it.
    <section role="alert" aria-labelledby="unavailable-title" data-catalogue-unavailable="true" className="mx-auto max-w-2xl rounded-2xl border border-line bg-surface p-6 sm:p-8">
      <h1 id="unavailable-title" className="text-2xl font-bold">
        {TITLES[error.reason]}
      </h1>
      <p className="mt-3 text-muted">Mugle serves songs from a catalogue database built from the Melon dataset, and it cannot use the one it was given:</p>
      <p className="mt-3 rounded-lg bg-raised p-3 font-mono text-sm">{error.publicMessage}</p>
      <p className="mt-4 text-sm text-muted">
        Build a catalogue with <code className="rounded bg-raised px-1">npm run demo</code> (the sample) or{" "}
        <code className="rounded bg-raised px-1 whitespace-nowrap">npx mugle build --data DIR --out db/mugle.sqlite</code>, or point{" "}
        <code className="rounded bg-raised px-1">MUGLE_DB</code> at one. The site picks it up on the next request.
      </p>
    </section>
  );
}
