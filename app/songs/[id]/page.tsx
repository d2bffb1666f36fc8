import type { Metadata } from "next";
import { parseSongId } from "../../_lib/siteCatalogue";
import { SongView, songMetadata } from "./SongView";
import { NEUTRAL_DISCOVERY } from "@/lib/discovery.ts";

// Rendered on a song's first request, then served from the page cache and re-rendered in the background once
// MUGLE_REVALIDATE_SECONDS have passed (app/_lib/freshness.ts). 3600 is only the ceiling: the literal this
// config must be. Nothing is rendered at build time: the catalogue `next build` sees (if any) need not be
// the one served.
export const revalidate = 3600;

export function generateStaticParams(): { id: string }[] {
  return [];
}

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return songMetadata(parseSongId((await params).id), NEUTRAL_DISCOVERY);
}

export default async function SongPage({ params }: Props) {
  return <SongView id={parseSongId((await params).id)} discovery={NEUTRAL_DISCOVERY} />;
}
