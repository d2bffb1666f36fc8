// The playlist corpus bench/music2vec.ts trains on: the sample generator's Melon-format dataset (the
// `melon` preset is Melon's size: 115,071 playlists averaging 46 songs over 707,989 songs), made once without
// mel files (about 90 s) and cached under .bench/, plus the training split as a train.json gensim can read.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { generateSample } from "../../ml/sample/generate.ts";

export interface CorpusShape {
  playlists: number;
  songs: number;
  seed: number;
}

function readPlaylists(file: string): number[][] {
  return (JSON.parse(readFileSync(file, "utf8")) as { songs: number[] }[]).map((p) => p.songs);
}

/** The generated train.json for `shape` (generated on first use) and its playlists. */
export async function cachedSampleCorpus(dir: string, shape: CorpusShape): Promise<{ file: string; playlists: number[][] }> {
  const out = join(dir, `sample-${shape.songs}-${shape.playlists}-${shape.seed}`);
  const file = join(out, "train.json");
  // song_meta.json is the generator's last file: without it the dataset is unfinished.
  if (!existsSync(join(out, "song_meta.json"))) {
    await generateSample({ out, songs: shape.songs, playlists: shape.playlists, seed: shape.seed, melSongs: 0 });
  }
  return { file, playlists: readPlaylists(file) };
}

/** A corpus given as any Melon-format train.json. */
export function corpusFromFile(file: string): { file: string; playlists: number[][] } {
  return { file, playlists: readPlaylists(file) };
}

/** Writes playlists as a Melon-format train.json (the fields gensim_w2v.py and our readers expect). */
export function writeMelonTrain(file: string, playlists: readonly (readonly number[])[]): void {
  mkdirSync(dirname(file), { recursive: true });
  const records = playlists.map((songs, id) =>
    JSON.stringify({ id, plylst_title: "", tags: [], songs, like_cnt: 0, updt_date: "2020-01-01 00:00:00.000" }),
  );
  writeFileSync(`${file}.tmp`, `[${records.join(",\n")}]\n`);
  renameSync(`${file}.tmp`, file);
}
