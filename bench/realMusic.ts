// `npm run bench -- realMusic --data DIR [--seed 22]`: does TCAE, trained with the build's defaults on a
// Melon-format dataset (DIR, e.g. `mugle sample`'s), find the other versions of real compositions? Public-domain tunes (bench/realMusic/melodies.ts) are rendered by
// fluidsynth in four versions each (other instruments, sound font, key ±1–2, tempo ±10 %, excerpt start,
// drums or not: bench/realMusic/render.ts), turned into Melon mel-spectrograms by the audio front-end
// (ml/audio), encoded by that TCAE, and each version's top k among all the renderings is checked for
// the tune's other versions, beside the training-free audio baselines.
// Needs: apt-get install fluidsynth fluid-soundfont-gm timgm6mb-soundfont.
import { defaultConfig } from "../ml/config.ts";
import { loadDataset } from "../ml/data/dataset.ts";
import { listMelIds, readMel } from "../ml/data/mel.ts";
import { calibrateSameMelody } from "../ml/models/sameMelody.ts";
import { recallAtK } from "../lib/metrics.ts";
import { AUDIO_BASELINES } from "../lib/types.ts";
import { cosineTopK } from "../ml/compute/knn.ts";
import { normalizeRows } from "../ml/compute/topk.ts";
import { neighborsOf, type EmbeddingSet } from "../ml/core/embedding.ts";
import { encodeTcae, trainTcae } from "../ml/models/tcae.ts";
import { applyWhitening, whitenSet } from "../ml/models/whitening.ts";
import { audioBaselineEmbeddings } from "../ml/pipeline/audioBaselines.ts";
import { MELODIES } from "./realMusic/melodies.ts";
import { VERSION_PLANS, canRender, excerpt, renderSong, versionSong } from "./realMusic/render.ts";

type MelFunction = (samples: Float32Array) => Float32Array;

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The audio front-end's mel-spectrogram (16 kHz mono → 48 × 1876, band-major), where the repository has it. */
async function frontEnd(): Promise<MelFunction> {
  const specifier = "../ml/audio/index.ts";
  try {
    const audio = (await import(specifier)) as { melSpectrogram: (samples: Float32Array) => { data: Float32Array } };
    return (samples) => audio.melSpectrogram(samples).data;
  } catch {
    throw new Error("the real-music check needs the audio front-end (ml/audio, `mugle import`'s) to turn audio into mel-spectrograms");
  }
}

/** Renders every tune in every version: mels (band-major 48 × 1876) and the tune index of each. */
export function renderVersions(mel: MelFunction): { mels: Float32Array[]; tunes: number[] } {
  const mels: Float32Array[] = [];
  const tunes: number[] = [];
  MELODIES.forEach((melody, tune) => {
    for (const plan of VERSION_PLANS) {
      const samples = renderSong(versionSong(melody, plan), plan.soundFont);
      mels.push(mel(excerpt(samples, plan.startSeconds)));
      tunes.push(tune);
    }
    log(`  rendered ${melody.name}`);
  });
  return { mels, tunes };
}

/** Mean recall@k of each song's other versions among every rendering. */
async function versionRecall(set: EmbeddingSet, tunes: number[], k: number): Promise<number> {
  const lists = await cosineTopK(set, k, { threads: 1, progress: false });
  let sum = 0;
  for (let row = 0; row < tunes.length; row++) {
    const others = new Set(tunes.flatMap((tune, i) => (tune === tunes[row] && i !== row ? [i] : [])));
    sum += recallAtK(neighborsOf(lists, row), others, k);
  }
  return sum / tunes.length;
}

export async function main(argv: string[]): Promise<Record<string, unknown>> {
  const option = (name: string) => {
    const index = argv.indexOf(name);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const dataDir = option("--data");
  if (!dataDir) throw new Error("usage: npm run bench -- realMusic --data DIR (a Melon-format dataset with mels) [--seed 22]");
  if (!canRender()) throw new Error("needs fluidsynth and Debian's GM sound fonts: apt-get install fluidsynth fluid-soundfont-gm timgm6mb-soundfont");
  const config = defaultConfig(Number(option("--seed") ?? 22)).tcae;
  const dataset = await loadDataset(dataDir, { progress: false });
  const ids = Int32Array.from(listMelIds(dataDir, dataset.songs.map((song) => song.id)));
  const training = { ids, read: (id: number) => readMel(dataDir, id)! };
  log(`training TCAE (${config.preset} preset) on ${ids.length} songs of ${dataDir}…`);
  const model = await trainTcae(training, config, { progress: true });
  const catalogue = await encodeTcae(model, training);
  const threshold = (await calibrateSameMelody(model, training, catalogue, config.seed)).threshold;
  log(`rendering ${MELODIES.length} tunes × ${VERSION_PLANS.length} versions with fluidsynth…`);
  const { mels, tunes } = renderVersions(await frontEnd());
  const source = { ids: Int32Array.from(mels.keys()), read: (id: number) => mels[id]! };
  // The renderings are compared in the training catalogue's space (its whitening too), where the threshold
  // was calibrated; and, as `tcae_own_whitening`, whitened over themselves, as a build of a catalogue of these
  // songs would (Ledoit–Wolf shrinkage keeps 44 songs in 128 dimensions finite): the sample's whitening is fitted
  // on synthetic mels and does not suit real recordings.
  const encoded = await encodeTcae({ ...model, config: { ...model.config, whitenEmbedding: false } }, source);
  const tcae = catalogue.whitening ? { ...encoded, vectors: applyWhitening(catalogue.whitening, encoded.vectors) } : encoded;
  const ownWhitening = model.config.whitenEmbedding ? whitenSet(encoded, { removeTop: model.config.whitenRemoveTop }).set : encoded;
  const sets: Record<string, EmbeddingSet> = { tcae, tcae_own_whitening: ownWhitening, ...audioBaselineEmbeddings(source.ids, source.read) };
  const figures: Record<string, unknown> = { tunes: MELODIES.length, versions_per_tune: VERSION_PLANS.length, tcae_config: model.config };
  for (const name of ["tcae", "tcae_own_whitening", ...AUDIO_BASELINES]) {
    figures[`${name}_version_recall_at_3`] = Math.round((await versionRecall(sets[name]!, tunes, 3)) * 1000) / 1000;
    figures[`${name}_version_recall_at_10`] = Math.round((await versionRecall(sets[name]!, tunes, 10)) * 1000) / 1000;
  }
  if (threshold !== null) {
    // How often the song page would call a real other version "another version", and a different tune one.
    const { vectors, dim } = sets.tcae!;
    const unit = normalizeRows(vectors, dim);
    let versions = 0;
    let versionsLabelled = 0;
    let others = 0;
    let othersLabelled = 0;
    for (let a = 0; a < tunes.length; a++) {
      for (let b = a + 1; b < tunes.length; b++) {
        let dot = 0;
        for (let j = 0; j < dim; j++) dot += unit[a * dim + j]! * unit[b * dim + j]!;
        const same = tunes[a] === tunes[b];
        if (same) versions++;
        else others++;
        if (dot >= threshold) same ? versionsLabelled++ : othersLabelled++;
      }
    }
    figures.same_melody_threshold = threshold;
    figures.versions_labelled = Math.round((versionsLabelled / versions) * 1000) / 1000;
    figures.different_tunes_labelled = Math.round((othersLabelled / others) * 10000) / 10000;
  }
  return figures;
}
