// The pure pieces of exact cosine top-k: row normalisation, one bounded top-k (TopK), and a block of them per
// row, fed either a dense tile of scores (the TypeScript reference engine) or another engine's per-tile
// candidates (the ONNX Runtime engine merges each tile's TopK output here). Tested without any engine.

/** Rows scaled to unit length, so inner products are cosines. A zero row stays zero (cosine 0 with everything). */
export function normalizeRows(vectors: Float32Array, dim: number, out?: Float32Array): Float32Array;
/** Into a Float64Array: where the rows feed sums that need the precision (whitening's covariance). */
export function normalizeRows(vectors: Float32Array, dim: number, out: Float64Array): Float64Array;
export function normalizeRows(vectors: Float32Array, dim: number, out: Float32Array | Float64Array = new Float32Array(vectors.length)): Float32Array | Float64Array {
  const rows = vectors.length / dim;
  for (let r = 0; r < rows; r++) {
    const base = r * dim;
    let norm = 0;
    for (let j = 0; j < dim; j++) norm += vectors[base + j]! * vectors[base + j]!;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let j = 0; j < dim; j++) out[base + j] = vectors[base + j]! * scale;
  }
  return out;
}

/**
 * The k best (score, id) pairs offered so far, best first: a higher score first, and on equal scores the lower
 * id, whatever order the pairs come in. Kept sorted in an insertion buffer: once it is full almost every offer
 * is below the k-th best and costs one comparison (`floor`), so scanning n candidates costs about n compares.
 * The one bounded top-k of the codebase: exact cosine top-k, the co-occurrence baseline and the map placement
 * all keep their best candidates here.
 */
export class TopK {
  private readonly scoreAt: Float64Array;
  private readonly idAt: Int32Array;
  private filled = 0;
  /** The score a pair must reach to enter: the k-th best's, or -Infinity while fewer than k are held. */
  floor = -Infinity;

  constructor(readonly k: number) {
    this.scoreAt = new Float64Array(k);
    this.idAt = new Int32Array(k);
    if (k === 0) this.floor = Infinity;
  }

  get count(): number {
    return this.filled;
  }

  clear(): void {
    this.filled = 0;
    this.floor = this.k > 0 ? -Infinity : Infinity;
  }

  /** Offers one pair; returns the new floor. */
  offer(id: number, score: number): number {
    const k = this.k;
    if (score < this.floor) return this.floor;
    const full = this.filled === k;
    // At the floor only a lower id than the current k-th enters.
    if (full && score === this.scoreAt[k - 1] && id >= this.idAt[k - 1]!) return this.floor;
    let pos = full ? k - 1 : this.filled++;
    while (pos > 0 && (this.scoreAt[pos - 1]! < score || (this.scoreAt[pos - 1] === score && this.idAt[pos - 1]! > id))) {
      this.scoreAt[pos] = this.scoreAt[pos - 1]!;
      this.idAt[pos] = this.idAt[pos - 1]!;
      pos--;
    }
    this.scoreAt[pos] = score;
    this.idAt[pos] = id;
    if (this.filled === k) this.floor = this.scoreAt[k - 1]!;
    return this.floor;
  }

  /** Id at rank r (0-based), best first. */
  id(r: number): number {
    return this.idAt[r]!;
  }

  score(r: number): number {
    return this.scoreAt[r]!;
  }

  ids(): number[] {
    return Array.from(this.idAt.subarray(0, this.filled));
  }
}

/**
 * The best k columns of each row of a block of rows, over tiles of scores (one TopK per row). Columns are
 * offered in ascending order within and across tiles, so "lower id" means the lower column; a row never
 * receives itself.
 */
export class BlockTopK {
  private readonly rowTops: TopK[];
  private rows = 0;

  constructor(maxRows: number, readonly k: number) {
    this.rowTops = Array.from({ length: maxRows }, () => new TopK(k));
  }

  /** Start a new block of `rows` rows. */
  reset(rows: number): void {
    if (rows > this.rowTops.length) throw new Error(`BlockTopK: ${rows} rows exceed the capacity of ${this.rowTops.length}`);
    this.rows = rows;
    for (let r = 0; r < rows; r++) this.rowTops[r]!.clear();
  }

  /**
   * Offers a tile of scores: tile[r * width + c] is the score of block row r against column firstColumn + c.
   * `firstRow` is the global index of block row 0, so a row never receives itself (-1: no row is a column).
   */
  scanTile(tile: ArrayLike<number>, width: number, firstColumn: number, firstRow: number): void {
    for (let r = 0; r < this.rows; r++) {
      const top = this.rowTops[r]!;
      const base = r * width;
      const self = firstRow < 0 ? -1 : firstRow + r - firstColumn;
      let floor = top.floor;
      for (let c = 0; c < width; c++) {
        const score = tile[base + c]!;
        // Strictly above the floor: an equal score from a later (higher) column never displaces an earlier one.
        if (score > floor && c !== self) floor = top.offer(firstColumn + c, score);
      }
    }
  }

  /** The score a candidate must beat to enter block row r: its k-th best so far, -Infinity while it has fewer. */
  floorOf(r: number): number {
    return this.rowTops[r]!.floor;
  }

  /**
   * Offers one candidate to block row r. The order rule of scanTile holds here too: among equal scores,
   * candidates must arrive in ascending column order (a tile's TopK output, best first and lower index
   * first on ties, after every earlier tile's, satisfies it).
   */
  offer(r: number, score: number, column: number): void {
    const top = this.rowTops[r]!;
    if (score > top.floor) top.offer(column, score);
  }

  /**
   * Writes the block into row-major outputs starting at global row `firstRow`, mapping columns to song ids
   * (or writing the columns themselves without `columnIds`). Rows with fewer than k neighbours are padded
   * with id -1 and score 0.
   */
  writeTo(outIds: Int32Array, outScores: Float32Array, firstRow: number, columnIds?: ArrayLike<number>): void {
    const k = this.k;
    for (let r = 0; r < this.rows; r++) {
      const top = this.rowTops[r]!;
      const dst = (firstRow + r) * k;
      for (let i = 0; i < k; i++) {
        outIds[dst + i] = i >= top.count ? -1 : columnIds ? columnIds[top.id(i)]! : top.id(i);
        outScores[dst + i] = i < top.count ? top.score(i) : 0;
      }
    }
  }
}

/** Where a TopKRows keeps its pairs: plain or shared memory (a worker lane's rows, merged by the main thread). */
export interface TopKRowsStorage {
  /** scores[row * k + i]: the row's pairs, as a heap whose first element is the worst held. */
  scores: Float32Array;
  ids: Int32Array;
  /** How many pairs each row holds (at most k). */
  counts: Int32Array;
}

export function topKRowsStorage(rows: number, k: number, memory: "plain" | "shared" = "plain"): TopKRowsStorage {
  const make = (bytes: number) => (memory === "shared" ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  return {
    scores: new Float32Array(make(rows * k * 4)),
    ids: new Int32Array(make(rows * k * 4)),
    counts: new Int32Array(make(rows * 4)),
  };
}

/**
 * The rule of TopK (a higher score first, equal scores to the lower id) for every row of a whole set at once,
 * in flat arrays: for a search that offers candidates to any row at any time, such as the symmetric search,
 * which scores a pair once for both its rows (hundreds of thousands of TopK objects would cost several times
 * the memory). Each row is a heap with its worst pair on top rather than a sorted buffer: offers here come
 * from the columns of every block, and far more of them enter than in a one-way search, where the sorted
 * buffer's shifting is cheap because almost every offer is turned away. Float32 scores: every score offered
 * is a float32 an engine computed.
 */
export class TopKRows {
  constructor(
    readonly rows: number,
    readonly k: number,
    readonly storage: TopKRowsStorage = topKRowsStorage(rows, k),
  ) {}

  /** The score a pair must reach to enter row r: its k-th best, -Infinity while it holds fewer (Infinity for k = 0). */
  floor(r: number): number {
    if (this.k === 0) return Infinity;
    return this.storage.counts[r] === this.k ? this.storage.scores[r * this.k]! : -Infinity;
  }

  /** Offers (id, score) to row r: it enters when better than the k-th best, or equal with a lower id. */
  offer(r: number, id: number, score: number): void {
    const { k } = this;
    if (k === 0) return;
    const { scores, ids, counts } = this.storage;
    const start = r * k;
    const held = counts[r]!;
    // "a worse than b": a lower score, or an equal score and a higher id.
    if (held < k) {
      let i = held;
      counts[r] = held + 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        const ps = scores[start + parent]!;
        if (!(ps > score || (ps === score && ids[start + parent]! < id))) break;
        scores[start + i] = ps;
        ids[start + i] = ids[start + parent]!;
        i = parent;
      }
      scores[start + i] = score;
      ids[start + i] = id;
      return;
    }
    const worst = scores[start]!;
    if (score < worst || (score === worst && id >= ids[start]!)) return;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= k) break;
      const right = child + 1;
      if (right < k) {
        const cs = scores[start + child]!;
        const rs = scores[start + right]!;
        if (rs < cs || (rs === cs && ids[start + right]! > ids[start + child]!)) child = right;
      }
      const cs = scores[start + child]!;
      if (!(cs < score || (cs === score && ids[start + child]! > id))) break;
      scores[start + i] = cs;
      ids[start + i] = ids[start + child]!;
      i = child;
    }
    scores[start + i] = score;
    ids[start + i] = id;
  }

  /** Row r's pairs, best first. */
  sorted(r: number): { id: number; score: number }[] {
    const { k } = this;
    const { scores, ids, counts } = this.storage;
    const out: { id: number; score: number }[] = [];
    for (let i = 0; i < counts[r]!; i++) out.push({ id: ids[r * k + i]!, score: scores[r * k + i]! });
    return out.sort((a, b) => b.score - a.score || a.id - b.id);
  }

  /**
   * Every row's best k over several TopKRows of the same shape (each lane's part), written row-major, best
   * first; rows with fewer than k pairs are padded with id -1 and score 0. Equal scores to the lower id, so
   * the answer does not depend on which part saw which pair.
   */
  static merge(parts: readonly TopKRows[], outIds: Int32Array, outScores: Float32Array): void {
    const [first] = parts;
    if (!first) return;
    const { rows, k } = first;
    const merged = new TopKRows(1, k);
    for (let r = 0; r < rows; r++) {
      merged.storage.counts[0] = 0;
      for (const part of parts) {
        const { scores, ids, counts } = part.storage;
        for (let i = 0; i < counts[r]!; i++) merged.offer(0, ids[r * k + i]!, scores[r * k + i]!);
      }
      const best = merged.sorted(0);
      for (let i = 0; i < k; i++) {
        outIds[r * k + i] = i < best.length ? best[i]!.id : -1;
        outScores[r * k + i] = i < best.length ? best[i]!.score : 0;
      }
    }
  }
}
