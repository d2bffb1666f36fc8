// A song's mel-spectrogram as a small picture, drawn on the server (/api/songs/{id}/spectrogram, a PNG keyed
// to the build), with its text alternative read off the same values (the caller has read them, so a song whose
// mel file is missing or unreadable is never given a picture that would not load).
import { songSpectrogramUrl } from "@/lib/media/songMediaUrls.ts";
import { describeMel, pictureSize, summarizeMel, type MelValues } from "@/lib/media/spectrogram.ts";

export function Spectrogram({ songId, title, mel, buildId }: { songId: number; title: string; mel: MelValues; buildId: string }) {
  const { width, height } = pictureSize(mel);
  const words = describeMel(summarizeMel(mel));
  return (
    <figure className="min-w-0" data-testid="spectrogram" data-song-id={songId}>
      {/* A plain img: the PNG is already the size shown (time across at 4 frames a pixel, so a short track is a
          narrower picture, never a stretched one), so next/image would add nothing but a detour. */}
      {/* eslint-disable-next-line @next/next/no-img-element */}
      <img
        src={songSpectrogramUrl(songId, buildId)}
        width={width}
        height={height}
        alt={`Mel-spectrogram of ${title}: ${words}.`}
        className="h-auto max-w-full rounded-md border border-line"
      />
      <figcaption className="mt-1 text-xs text-muted">
        {title}
        <span className="sr-only">: {words}</span>
      </figcaption>
    </figure>
  );
}
