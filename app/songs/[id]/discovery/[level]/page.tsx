import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { parseSongId } from "../../../../_lib/siteCatalogue";
import { SongView, songMetadata } from "../../SongView";
import { parseDiscovery, roundDiscovery } from "@/lib/discovery.ts";

// /songs/{id}?discovery=0.7 (next.config.ts rewrites it here, so the song page itself stays a cached render
// and no page reads the query string). Each setting is cached like the song page; settings are rounded to the
// control's steps, so a song has at most eleven of them.
export const revalidate = 3600;

export function generateStaticParams(): { level: string }[] {
  return [];
}

type Props = { params: Promise<{ id: string; level: string }> };

function setting(level: string): number | null {
  const value = parseDiscovery(decodeURIComponent(level));
  return value === null ? null : roundDiscovery(value);
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id, level } = await params;
  const discovery = setting(level);
  return discovery === null ? { title: "Song not found" } : songMetadata(parseSongId(id), discovery);
}

export default async function SongAtDiscoveryPage({ params }: Props) {
  const { id, level } = await params;
  const discovery = setting(level);
  if (discovery === null) notFound();
  return <SongView id={parseSongId(id)} discovery={discovery} />;
}
