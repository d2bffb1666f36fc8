import type { Metadata } from "next";
import { CatalogueUnavailable } from "../_components/CatalogueUnavailable";
import { parseSongId, readCatalogue } from "../_lib/siteCatalogue";
import { MapCanvas } from "./MapCanvas";
import { MODEL_INFO } from "@/lib/explain.ts";
import { MODELS, type Model } from "@/lib/types.ts";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Map",
  description: "Every song on a 2-D map of each embedding, coloured by genre: Music2Vec clusters by genre, TCAE by sound, CEL mixes both.",
};

type Props = { searchParams: Promise<{ model?: string | string[]; song?: string | string[] }> };

function first(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

export default async function MapPage({ searchParams }: Props) {
  const params = await searchParams;
  const highlightId = parseSongId(first(params.song));
  const { data, error } = readCatalogue((catalogue) => ({
    stored: catalogue.stats().models,
    highlight: highlightId !== null && catalogue.song(highlightId) ? highlightId : null,
  }));
  if (error) return <CatalogueUnavailable error={error} />;
  const { stored, highlight } = data;
  const models = stored.map((m) => ({ model: m.model, label: MODEL_INFO[m.model].label, songs: m.songs }));
  const requested = first(params.model);
  const initialModel: Model =
    models.find((m) => m.model === requested)?.model ?? models[0]?.model ?? MODELS[0];
  return (
    <div className="space-y-6">
      <header className="max-w-3xl">
        <h1 className="text-3xl font-bold">The map</h1>
        <p className="mt-2 text-muted">
          Each embedding squeezed onto a plane (UMAP): nearby dots are similar songs. Music2Vec, learned from playlists, groups songs by
          genre; TCAE, learned from the audio, by how they sound; CEL mixes both. Hover for a song, click to open it.
        </p>
      </header>
      <MapCanvas models={models} initialModel={initialModel} highlight={highlight} />
    </div>
  );
}
