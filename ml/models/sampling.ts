// The two frequency-based samplers of word2vec: the unigram^power table negatives are drawn from, and the
// keep probability of frequent-word subsampling. Pure functions of the vocabulary counts.

/**
 * Table size for a vocabulary: word2vec.c uses a fixed 1e8 slots (400 MB). Here at least 16 slots per word
 * on average, rounded up to a power of two so a slot is drawn with a mask instead of a modulo: 2^24
 * (64 MB) at Melon scale, where a song's share stays within a few percent of count^power, and a small
 * table for a toy corpus.
 */
export function unigramTableSize(vocabulary: number): number {
  const slots = Math.min(1 << 27, Math.max(1 << 16, 16 * vocabulary));
  return 2 ** Math.ceil(Math.log2(slots));
}

/**
 * A table in which word w fills a share of slots proportional to counts[w]^power, so a uniform slot
 * is a draw from the smoothed unigram distribution (word2vec.c's InitUnigramTable). Slot a holds the word
 * whose cumulative interval contains (a + 0.5) / size: unlike word2vec.c's one-step walk this never lets a
 * word's share drift, it only rounds. power 0.75 is word2vec's default; a negative power (-0.5) favours
 * rare words as negatives.
 */
export function buildUnigramTable(counts: ArrayLike<number>, power: number, size: number, out?: Int32Array): Int32Array {
  const table = out ?? new Int32Array(size);
  const n = counts.length;
  if (n === 0) throw new Error("unigram table: empty vocabulary");
  let total = 0;
  for (let w = 0; w < n; w++) total += Math.pow(counts[w]!, power);
  let word = 0;
  let cumulative = Math.pow(counts[0]!, power) / total;
  for (let a = 0; a < size; a++) {
    const position = (a + 0.5) / size;
    while (position > cumulative && word < n - 1) {
      word++;
      cumulative += Math.pow(counts[word]!, power) / total;
    }
    table[a] = word;
  }
  return table;
}

/**
 * Probability of keeping one occurrence of a word seen `count` times among `totalWords`, as word2vec.c
 * and gensim: (sqrt(c / t) + 1) * t / c with t = sample * totalWords, capped at 1. sample <= 0 keeps all.
 */
export function keepProbability(count: number, totalWords: number, sample: number): number {
  if (sample <= 0) return 1;
  const threshold = sample * totalWords;
  return Math.min(1, (Math.sqrt(count / threshold) + 1) * (threshold / count));
}

/** keepProbability scaled to 2^32, so the hot loop compares it with a raw 32-bit random integer. */
export function keepThresholds(counts: ArrayLike<number>, totalWords: number, sample: number): Float64Array {
  const thresholds = new Float64Array(counts.length);
  for (let w = 0; w < counts.length; w++) thresholds[w] = keepProbability(counts[w]!, totalWords, sample) * 4294967296;
  return thresholds;
}
