// The e2e run's imported library: a few recordings synthesised by ffmpeg's lavfi sources (chords of two
// families and pink noise, tagged with title, artist and album, in Ogg Vorbis, MP3 and FLAC), imported and
// built like any music folder, so the audio specs play real files and see real neighbours.
// Usage: node --import tsx scripts/e2e-library.ts DIR (writes DIR/music, DIR/data, DIR/catalogue.sqlite).
import { join } from "node:path";
import { SOURCES, synthesize } from "../ml/testing/audio.ts";

const dir = process.argv[2];
if (!dir) throw new Error("usage: e2e-library.ts DIR");
const music = join(dir, "music");

/** Seconds per track: long enough for the player to be seen advancing, short enough to decode in moments. */
const SECONDS = 12;
const TRACKS: { file: string; title: string; artist: string; album: string; source: string }[] = [
  { file: "Low Choir/Drones/01 Low Drone.ogg", title: "Low Drone", artist: "Low Choir", album: "Drones", source: SOURCES.chord(110, 165, 220) },
  { file: "Low Choir/Drones/02 Lower Drone.ogg", title: "Lower Drone", artist: "Low Choir", album: "Drones", source: SOURCES.chord(98, 147, 196) },
  { file: "Low Choir/Hums/01 Hum.mp3", title: "Hum", artist: "Low Choir", album: "Hums", source: SOURCES.chord(123, 185, 246) },
  { file: "High Bells/Chimes/01 Chime.ogg", title: "Chime", artist: "High Bells", album: "Chimes", source: SOURCES.chord(1760, 2637, 3520) },
  { file: "High Bells/Chimes/02 Bright Chime.flac", title: "Bright Chime", artist: "High Bells", album: "Chimes", source: SOURCES.chord(1975, 2960, 3951) },
  { file: "High Bells/Whistles/01 Whistle.ogg", title: "Whistle", artist: "High Bells", album: "Whistles", source: SOURCES.tone(2200) },
  { file: "Static/Surf/01 Surf.ogg", title: "Surf", artist: "Static", album: "Surf", source: SOURCES.noise(1) },
  { file: "Static/Surf/02 Rain.mp3", title: "Rain", artist: "Static", album: "Surf", source: SOURCES.noise(2) },
];

for (const track of TRACKS) {
  synthesize(join(music, track.file), {
    sources: [track.source],
    seconds: [SECONDS],
    tags: { title: track.title, artist: track.artist, album: track.album },
  });
}
console.log(`${TRACKS.length} recordings in ${music}`);
