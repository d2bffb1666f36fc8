// The one seeded random source of the build. Every random choice (sample data, playlist split,
// negative sampling, weight init, crops, shuffles) draws from a Random made from the run's seed,
// so the same inputs and seed give the same catalogue.

/** Mixes a seed and a stream name into a 32-bit state, so each stage gets an independent stream. */
export function deriveSeed(seed: number, stream: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < stream.length; i++) {
    h = Math.imul(h ^ stream.charCodeAt(i), 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
  }
  return Math.imul(h ^ (h >>> 16), 0xc2b2ae35) >>> 0;
}

/** sfc32: small, fast, passes PractRand; enough for simulation and SGD. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = "") {
    const s = deriveSeed(seed, stream);
    this.a = s;
    this.b = deriveSeed(s, "b");
    this.c = deriveSeed(s, "c");
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /**
   * Writes the generator's state to out[offset .. offset + 4): a WebAssembly kernel that implements the same
   * generator continues this stream from it, and `loadState` takes it back afterwards.
   */
  saveState(out: Int32Array, offset = 0): void {
    out[offset] = this.a;
    out[offset + 1] = this.b;
    out[offset + 2] = this.c;
    out[offset + 3] = this.d;
  }

  loadState(from: Int32Array, offset = 0): void {
    this.a = from[offset]!;
    this.b = from[offset + 1]!;
    this.c = from[offset + 2]!;
    this.d = from[offset + 3]!;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("Random.pick: empty list");
    return items[this.int(items.length)]!;
  }

  /** Index drawn with probability proportional to weights[i]. */
  weighted(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i]!;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** Fisher-Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}
