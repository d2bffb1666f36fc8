// Song id -> position lookups for hot loops over millions of playlist entries. Melon's ids are compact
// (0..707988), so a typed array indexed by id beats a Map several times over; sparse ids fall back to a Map.

/** Ids up to this multiple of the id count (plus slack for small sets) get a dense table. */
const DENSE_FACTOR = 4;
const DENSE_SLACK = 1 << 16;

/** Returns `position(id)`: the index of `id` in `ids`, or -1 when absent. Ids must be non-negative integers. */
export function positionLookup(ids: ArrayLike<number>): (id: number) => number {
  let maxId = -1;
  for (let i = 0; i < ids.length; i++) if (ids[i]! > maxId) maxId = ids[i]!;
  if (maxId < DENSE_FACTOR * ids.length + DENSE_SLACK) {
    const table = new Int32Array(maxId + 1).fill(-1);
    for (let i = 0; i < ids.length; i++) table[ids[i]!] = i;
    return (id) => (id >= 0 && id <= maxId ? table[id]! : -1);
  }
  const map = new Map<number, number>();
  for (let i = 0; i < ids.length; i++) map.set(ids[i]!, i);
  return (id) => map.get(id) ?? -1;
}
