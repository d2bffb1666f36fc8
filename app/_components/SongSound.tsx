// The song page's "Listen and look" section: the song's play button (an imported library) and the
// mel-spectrograms of the song and of its closest TCAE neighbours side by side, so a reader can see what the
// audio model found alike. Renders nothing for a song with neither audio nor a readable spectrogram.
import { readCatalogue } from "../_lib/siteCatalogue";
import type { Song } from "@/lib/catalogue/reader.ts";
import { readMelFile } from "@/lib/media/melFile.ts";
import { PlayButton } from "./PlayButton";
import { Spectrogram } from "./Spectrogram";

export function SongSound({ song, tcaeNeighbours }: { song: Song; tcaeNeighbours: readonly Song[] }) {
  const { data } = readCatalogue((catalogue) => ({
    buildId: catalogue.buildId,
    files: new Map([song, ...tcaeNeighbours].map((s) => [s.id, catalogue.melFile(s.id)])),
  }));
  if (!data) return null;
  // Only songs whose mel file is there and reads: no broken pictures.
  const pictures = [song, ...tcaeNeighbours].flatMap((s) => {
    const file = data.files.get(s.id) ?? null;
    const mel = file === null ? null : readMelFile(file);
    return mel ? [{ song: s, mel }] : [];
  });
  if (!song.audio && pictures.length === 0) return null;
  return (
    <section aria-labelledby="sound-title" data-testid="song-sound" className="rounded-2xl border border-line bg-surface p-5">
      <div className="flex items-center gap-3">
        {song.audio && <PlayButton songId={song.id} title={song.name} excerptStart={song.audio.excerptStart} size="large" />}
        <div>
          <h2 id="sound-title" className="text-xl font-bold">
            {song.audio ? "Listen and look" : "How it looks"}
          </h2>
          <p className="text-sm text-muted">
            Mel-spectrograms of the excerpt the audio models heard (time across, pitch up, loudness from dark to
            yellow){tcaeNeighbours.length > 0 ? ", this song first, then its closest songs by TCAE" : ""}.
          </p>
        </div>
      </div>
      {pictures.length > 0 && (
        <div className="mt-4 grid gap-4 sm:grid-cols-2">
          {pictures.map(({ song: s, mel }) => (
            <Spectrogram key={s.id} songId={s.id} title={s.id === song.id ? `${s.name} (this song)` : s.name} mel={mel} buildId={data.buildId} />
          ))}
        </div>
      )}
    </section>
  );
}
