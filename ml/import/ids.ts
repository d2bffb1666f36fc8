// Ids that do not move. A song's id comes from a hash of its path relative to the music folder, so the same
// library imported again (even into a new, empty dataset directory) gives every song the id it had: links to
// /songs/{id} keep working. Two paths whose hashes collide are resolved by taking the next free id, in path
// order; an id once given stays with its path for as long as the import state remembers it.
import { createHash } from "node:crypto";

/**
 * Ids live in [0, ID_SPACE): wide enough that collisions are rare in any real library (expected about
 * n²/2·10⁷, i.e. 5 among 10,000 songs), small enough for the per-id tables some stages keep (10⁷ entries).
 */
export const ID_SPACE = 10_000_000;

/** The preferred id of a key: the first 48 bits of its SHA-256, modulo ID_SPACE. */
export function hashId(key: string): number {
  const digest = createHash("sha256").update(key.normalize("NFC"), "utf8").digest();
  return digest.readUIntBE(0, 6) % ID_SPACE;
}

/**
 * Ids for `keys` (sorted, without repeats), keeping every id already in `given`; a key whose hash is taken
 * gets the next free id (wrapping at ID_SPACE). Returns the complete key → id map (given ones included).
 */
export function assignIds(keys: readonly string[], given: ReadonlyMap<string, number> = new Map()): Map<string, number> {
  const ids = new Map(given);
  const taken = new Set(given.values());
  for (const key of keys) {
    if (ids.has(key)) continue;
    let id = hashId(key);
    while (taken.has(id)) id = (id + 1) % ID_SPACE;
    taken.add(id);
    ids.set(key, id);
  }
  return ids;
}
