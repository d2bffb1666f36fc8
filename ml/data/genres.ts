// genre_gn_all.json: one small object, genre code -> Korean name (major codes GNxx00, detailed GNxxyy).
import { basename } from "node:path";
import { DataError, describeValue } from "../core/errors.ts";
import { GENRE_CODE, checkText } from "./fields.ts";
import { readJsonFile } from "./jsonStream.ts";

export async function readGenres(path: string): Promise<Map<string, string>> {
  const file = basename(path);
  const raw = await readJsonFile(path);
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new DataError(file, null, `top level is ${describeValue(raw)}, expected an object of genre code -> name`);
  }
  const genres = new Map<string, string>();
  for (const [code, name] of Object.entries(raw)) {
    if (!GENRE_CODE.test(code)) throw new DataError(file, `key ${describeValue(code)}`, `expected a genre code like "GN0101"`);
    if (typeof name !== "string" || name.trim() === "") {
      throw new DataError(file, `genre ${code}`, `name is ${describeValue(name)}, expected a non-empty string`);
    }
    checkText(name, "name", { file, record: `genre ${code}` });
    genres.set(code, name);
  }
  // An empty object is a valid answer (a music library whose files carry no genre tags); when songs do use
  // genre codes, checkSongGenres blames this file, not song_meta.json.
  return genres;
}
