// The pure pieces of exact cosine top-k: row normalisation and a partial top-k kept per row, fed either a
// dense tile of scores (the TypeScript reference engine) or another engine's per-tile candidates (the ONNX
// Runtime engine merges each tile's TopK output here). Tested without any engine.

/** Rows scaled to unit length, so inner products are cosines. A zero row stays zero (cosine 0 with everything). */
export function normalizeRows(vectors: Float32Array, dim: number, out: Float32Array = new Float32Array(vectors.length)): Float32Array {
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
 * The best k columns seen so far for each row of a block of rows, kept sorted best first in an insertion
 * buffer. A full row is never sorted: after the first few hundred columns almost every score is below the
 * row's current k-th best and costs a single comparison. Columns must be offered in ascending order (the
 * tiles of one row block go left to right), so on equal scores the earlier, lower column wins: a later
 * equal score is rejected by the strict comparison and an insertion lands after the equal ones.
 */
export class BlockTopK {
  readonly k: number;
  private readonly scores: Float32Array;
  private readonly columns: Int32Array;
  private readonly counts: Int32Array;
  /** The score a column must beat to enter row r: its k-th best, or -Infinity while it holds fewer than k. */
  private readonly floor: Float64Array;
  private rows = 0;

  constructor(maxRows: number, k: number) {
    this.k = k;
    this.scores = new Float32Array(maxRows * k);
    this.columns = new Int32Array(maxRows * k);
    this.counts = new Int32Array(maxRows);
    this.floor = new Float64Array(maxRows);
  }

  /** Start a new block of `rows` rows. */
  reset(rows: number): void {
    if (rows > this.counts.length) throw new Error(`BlockTopK: ${rows} rows exceed the capacity of ${this.counts.length}`);
    this.rows = rows;
    this.counts.fill(0, 0, rows);
    this.floor.fill(this.k > 0 ? -Infinity : Infinity, 0, rows);
  }

  /**
   * Offers a tile of scores: tile[r * width + c] is the score of block row r against column firstColumn + c.
   * `firstRow` is the global index of block row 0, so a row never receives itself (-1: no row is a column).
   */
  scanTile(tile: ArrayLike<number>, width: number, firstColumn: number, firstRow: number): void {
    for (let r = 0; r < this.rows; r++) {
      const base = r * width;
      const self = firstRow < 0 ? -1 : firstRow + r - firstColumn;
      let floor = this.floor[r]!;
      for (let c = 0; c < width; c++) {
        const score = tile[base + c]!;
        if (score > floor && c !== self) floor = this.insert(r, score, firstColumn + c);
      }
    }
  }

  /** The score a candidate must beat to enter block row r: its k-th best so far, -Infinity while it has fewer. */
  floorOf(r: number): number {
    return this.floor[r]!;
  }

  /**
   * Offers one candidate to block row r. The order rule of scanTile holds here too: among equal scores,
   * candidates must arrive in ascending column order (a tile's TopK output, best first and lower index
   * first on ties, after every earlier tile's, satisfies it).
   */
  offer(r: number, score: number, column: number): void {
    if (score > this.floor[r]!) this.insert(r, score, column);
  }

  /** Inserts into row r's sorted buffer (dropping the worst when full) and returns the row's new floor. */
  private insert(r: number, score: number, column: number): number {
    const k = this.k;
    const base = r * k;
    const count = this.counts[r]!;
    let pos = count < k ? count : k - 1;
    // Shift strictly worse entries down; stopping at an equal score keeps the lower column first.
    while (pos > 0 && this.scores[base + pos - 1]! < score) {
      this.scores[base + pos] = this.scores[base + pos - 1]!;
      this.columns[base + pos] = this.columns[base + pos - 1]!;
      pos--;
    }
    this.scores[base + pos] = score;
    this.columns[base + pos] = column;
    const filled = count < k ? count + 1 : k;
    this.counts[r] = filled;
    const floor = filled === k ? this.scores[base + k - 1]! : -Infinity;
    this.floor[r] = floor;
    return floor;
  }

  /**
   * Writes the block into row-major outputs starting at global row `firstRow`, mapping columns to song ids
   * (or writing the columns themselves without `columnIds`). Rows with fewer than k neighbours are padded
   * with id -1 and score 0.
   */
  writeTo(outIds: Int32Array, outScores: Float32Array, firstRow: number, columnIds?: ArrayLike<number>): void {
    const k = this.k;
    for (let r = 0; r < this.rows; r++) {
      const count = this.counts[r]!;
      const src = r * k;
      const dst = (firstRow + r) * k;
      for (let i = 0; i < k; i++) {
        const column = this.columns[src + i]!;
        outIds[dst + i] = i >= count ? -1 : columnIds ? columnIds[column]! : column;
        outScores[dst + i] = i < count ? this.scores[src + i]! : 0;
      }
    }
  }
}
