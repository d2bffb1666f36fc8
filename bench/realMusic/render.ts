// Renders the real-music check's songs: each melody of melodies.ts as several "versions" that change what
// versions of a work change in real catalogues — instruments, sound font, key, tempo, drums or none, where
// the 30-second excerpt starts — as MIDI (midi.ts) played by fluidsynth at 16 kHz.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeMidi, type MidiNote, type MidiSong } from "./midi.ts";
import { chordPitches, parseMelody, type Melody } from "./melodies.ts";

export const SAMPLE_RATE = 16_000;
export const EXCERPT_SECONDS = 30;

/** Debian's General MIDI sound fonts (fluid-soundfont-gm, timgm6mb-soundfont). */
export const SOUND_FONTS = {
  fluid: "/usr/share/sounds/sf2/FluidR3_GM.sf2",
  timgm: "/usr/share/sounds/sf2/TimGM6mb.sf2",
} as const;

export interface VersionPlan {
  name: string;
  /** General MIDI programs of the melody, the chords and the bass. */
  melody: number;
  chords: number;
  bass: number;
  drums: boolean;
  semitones: number;
  tempo: number;
  /** Seconds into the rendering where the excerpt starts. */
  startSeconds: number;
  soundFont: keyof typeof SOUND_FONTS;
}

/** Four versions per melody: each differs from the first in key, tempo, instruments, sound font and excerpt start. */
export const VERSION_PLANS: readonly VersionPlan[] = [
  { name: "piano and strings", melody: 0, chords: 48, bass: 32, drums: false, semitones: 0, tempo: 1, startSeconds: 0, soundFont: "fluid" },
  { name: "flute and guitar, drums", melody: 73, chords: 24, bass: 33, drums: true, semitones: 2, tempo: 1.1, startSeconds: 2, soundFont: "timgm" },
  { name: "violin and piano", melody: 40, chords: 0, bass: 42, drums: false, semitones: -2, tempo: 0.9, startSeconds: 4, soundFont: "fluid" },
  { name: "saxophone and organ, drums", melody: 65, chords: 19, bass: 34, drums: true, semitones: 1, tempo: 1.05, startSeconds: 3, soundFont: "timgm" },
];

/** The MIDI song of one version: the tune repeated to fill the excerpt, chords, bass, and a plain rock beat when drums are on. */
export function versionSong(melody: Melody, plan: VersionPlan): MidiSong {
  const { notes, bars } = parseMelody(melody);
  const bpm = melody.bpm * plan.tempo;
  const beatsPerPass = bars * melody.meter;
  const beatsNeeded = ((EXCERPT_SECONDS + plan.startSeconds + 2) * bpm) / 60;
  const passes = Math.ceil(beatsNeeded / beatsPerPass);
  const out: MidiNote[] = [];
  for (let pass = 0; pass < passes; pass++) {
    const offset = pass * beatsPerPass;
    for (const n of notes) out.push({ start: offset + n.start, duration: n.duration * 0.95, pitch: n.pitch + plan.semitones, velocity: 100, channel: 0 });
    melody.chords.forEach((symbol, bar) => {
      const start = offset + bar * melody.meter;
      const triad = chordPitches(symbol).map((p) => p + plan.semitones);
      for (const pitch of triad) out.push({ start, duration: melody.meter * 0.98, pitch, velocity: 60, channel: 1 });
      out.push({ start, duration: melody.meter * 0.98, pitch: triad[0]! - 12, velocity: 80, channel: 2 });
      if (plan.drums) {
        for (let beat = 0; beat < melody.meter; beat++) {
          out.push({ start: start + beat, duration: 0.25, pitch: beat % 2 === 0 ? 36 : 38, velocity: 90, channel: 9 });
          out.push({ start: start + beat, duration: 0.25, pitch: 42, velocity: 60, channel: 9 });
          out.push({ start: start + beat + 0.5, duration: 0.25, pitch: 42, velocity: 50, channel: 9 });
        }
      }
    });
  }
  return {
    bpm,
    programs: [
      { channel: 0, program: plan.melody },
      { channel: 1, program: plan.chords },
      { channel: 2, program: plan.bass },
    ],
    notes: out,
  };
}

/** Whether fluidsynth and both sound fonts are installed. */
export function canRender(): boolean {
  return spawnSync("fluidsynth", ["--version"]).status === 0 && Object.values(SOUND_FONTS).every((f) => existsSync(f));
}

/** Plays a MIDI song with fluidsynth: mono float samples at SAMPLE_RATE. */
export function renderSong(song: MidiSong, soundFont: keyof typeof SOUND_FONTS): Float32Array {
  const dir = mkdtempSync(join(tmpdir(), "mugle-real-music-"));
  try {
    const midi = join(dir, "song.mid");
    const raw = join(dir, "song.raw");
    writeFileSync(midi, writeMidi(song));
    const result = spawnSync("fluidsynth", ["-ni", "-q", "-g", "0.5", "-r", String(SAMPLE_RATE), "-T", "raw", "-O", "float", "-E", "little", "-F", raw, SOUND_FONTS[soundFont], midi], { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`fluidsynth failed: ${result.stderr || result.error?.message}`);
    const bytes = readFileSync(raw);
    const stereo = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength - (bytes.byteLength % 8)));
    const mono = new Float32Array(stereo.length / 2);
    for (let i = 0; i < mono.length; i++) mono[i] = (stereo[2 * i]! + stereo[2 * i + 1]!) / 2;
    return mono;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The excerpt of `seconds` starting at `startSeconds` (zero-padded past the end). */
export function excerpt(samples: Float32Array, startSeconds: number, seconds = EXCERPT_SECONDS): Float32Array {
  const out = new Float32Array(seconds * SAMPLE_RATE);
  const from = Math.round(startSeconds * SAMPLE_RATE);
  out.set(samples.subarray(from, Math.min(samples.length, from + out.length)));
  return out;
}
