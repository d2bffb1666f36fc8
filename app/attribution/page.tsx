import type { Metadata } from "next";
import { CatalogueUnavailable } from "../_components/CatalogueUnavailable";
import { readCatalogue } from "../_lib/siteCatalogue";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Attribution",
  description: "Who made the recordings in this catalogue, and under which licences.",
};

/** The recordings of an imported library that name their author or licence (tags, or a Debian copyright file). */
export default function AttributionPage() {
  const { data: credits, error } = readCatalogue((catalogue) => catalogue.credits());
  if (error) return <CatalogueUnavailable error={error} />;
  return (
    <article className="space-y-6" aria-labelledby="attribution-title">
      <header>
        <h1 id="attribution-title" className="text-2xl font-bold sm:text-3xl">
          Attribution
        </h1>
        <p className="mt-2 text-muted">
          {credits.length > 0
            ? "The recordings in this catalogue, their authors and their licences, as their files or packages state them."
            : "No recording in this catalogue names its author or licence."}
        </p>
      </header>
      {credits.length > 0 && (
        <div className="overflow-x-auto rounded-2xl border border-line bg-surface">
          <table data-testid="credits" className="w-full text-left text-sm">
            <thead className="text-muted">
              <tr>
                <th scope="col" className="px-4 py-3 font-medium">Title</th>
                <th scope="col" className="px-4 py-3 font-medium">Author</th>
                <th scope="col" className="px-4 py-3 font-medium">Copyright</th>
                <th scope="col" className="px-4 py-3 font-medium">Licence</th>
              </tr>
            </thead>
            <tbody>
              {credits.map(({ song, copyright, license }) => (
                <tr key={song.id} className="border-t border-line">
                  <th scope="row" className="px-4 py-3 font-semibold">
                    <a href={`/songs/${song.id}`} className="text-accent underline underline-offset-4">
                      {song.name}
                    </a>
                  </th>
                  <td className="px-4 py-3">{song.artists.join(", ")}</td>
                  <td className="px-4 py-3">{copyright ?? "unknown"}</td>
                  <td className="px-4 py-3">{license ?? "unknown"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}
