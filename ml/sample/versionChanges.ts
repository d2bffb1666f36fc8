// How far a work's versions drift from its original. "standard" is the catalogue's own variety (a remix is
// faster and electronic, a cover may change key, a live take has crowd noise). "hard" changes every version
// other than the original the way real catalogues do, all at once: another key (±1–2 semitones, slightly
// detuned), another tempo (±4–10 %), other instruments (another style's timbre, envelope, drums and
// reverb), an excerpt that starts a few seconds later in the song, another EQ and a higher noise floor.
// The melody and harmony stay: that is what a melody embedding must still hear.
//
// The changes are drawn from the song's own seed, so the catalogue, its playlists and every original's
// audio are the same as in "standard"; only the other versions' mel-spectrograms differ.
import { Random } from "../core/random.ts";
import type { SampleSong, SongAudio } from "./catalogue.ts";
import { STYLE_NAMES, styleNameOf } from "./mel.ts";

export const VERSION_CHANGES = ["standard", "hard"] as const;
export type VersionChanges = (typeof VERSION_CHANGES)[number];

/** The bounds of the hard changes, also what the documentation quotes. */
export const HARD_CHANGES = {
  /** Transpositions in semitones, one picked per version, plus a detune of up to ±detune. */
  keyShifts: [-2, -1, 1, 2],
  detune: 0.2,
  /** Tempo ratio 1 ± [minTempo, maxTempo]. */
  minTempo: 0.04,
  maxTempo: 0.1,
  /** The excerpt starts this many seconds later in the song. */
  startSeconds: [1, 6],
  /** Extra EQ: a tilt of up to ±tiltDb per band and two resonances of up to ±bumpDb. */
  tiltDb: 0.2,
  bumpDb: 6,
  /** Noise floor raised by up to this many dB. */
  noiseDb: 12,
} as const;

/** The audio of `song` under the given version changes (the song's own audio for "standard" and for originals). */
export function versionAudio(song: SampleSong, changes: VersionChanges, seed: number): SongAudio {
  if (changes === "standard" || song.version === "original") return song.audio;
  const random = new Random(seed, `hard-version:${song.id}`);
  const c = HARD_CHANGES;
  const own = styleNameOf(song.audio.style);
  const others = STYLE_NAMES.filter((name) => name !== own);
  return {
    ...song.audio,
    style: random.pick(others),
    keyShift: random.pick(c.keyShifts) + random.range(-c.detune, c.detune),
    tempoRatio: 1 + (random.chance(0.5) ? 1 : -1) * random.range(c.minTempo, c.maxTempo),
    startSeconds: random.range(c.startSeconds[0], c.startSeconds[1]),
    eqTiltDb: random.range(-c.tiltDb, c.tiltDb),
    eqBumps: [0, 1].map(() => [random.range(2, 45), random.range(2, 6), random.range(-c.bumpDb, c.bumpDb)] as const),
    noiseDb: random.range(0, c.noiseDb),
  };
}
