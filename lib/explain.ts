// Why a song is recommended, in plain words. Pure: the song page passes in what the catalogue stored
// (ranks, cosine scores, genres, how many training playlists hold both songs) and renders the sentences.
import { MODELS, type Model, type Neighbor, type NeighborKind, type ScoreTotalItem } from "./types.ts";

export interface ModelInfo {
  label: string;
  /** What the model learns from. */
  source: string;
  /** What "similar" means for it, in a listener's words. */
  captures: string;
  /** One paragraph for the song page and the about page. */
  description: string;
}

export const MODEL_INFO: Record<Model, ModelInfo> = {
  music2vec: {
    label: "Music2Vec",
    source: "playlists",
    captures: "genre and situation",
    description:
      "Learned from which songs people put on the same playlists (word2vec with playlists as sentences). " +
      "Close songs suit the same genre and the same moment: a breakup, a night drive, a workout. Its list opens with " +
      "the songs it predicts on this song's playlists (often well known), then goes on with songs that play the same " +
      "role on playlists (often less known).",
  },
  tcae: {
    label: "TCAE",
    source: "the audio",
    captures: "melody",
    description:
      "A temporal convolutional autoencoder that listened to 30 seconds of each song's mel-spectrogram, trained to ignore " +
      "what changes between versions of a song (key, tempo, instruments, mix, where the excerpt starts). Close songs share " +
      "a melody; the closest are often other versions of the same song (a remix, a live take, a cover). How songs sound " +
      "(instruments, production) is compared separately, as their sound colour.",
  },
  cel: {
    label: "CEL",
    source: "playlists and audio",
    captures: "both",
    description:
      "Combined embedding learning: one vector trained to agree with both the song's TCAE and Music2Vec vectors. " +
      "Close songs share a melody or are played in the same situations, the closest both.",
  },
};

/** The facts the page knows about one recommended song. */
export interface Candidate {
  /** Major genre codes (GNxx00) and their names, parallel arrays. */
  genreCodes: readonly string[];
  genres: readonly string[];
}

export interface Explanation {
  /** One short sentence: the main reason. */
  headline: string;
  /** Supporting facts, each a short phrase. */
  facts: string[];
}

/** Names of the major genres both songs have, in the query's order. */
export function sharedGenres(query: Candidate, other: Candidate): string[] {
  return query.genreCodes.flatMap((code, i) => (other.genreCodes.includes(code) ? [query.genres[i] ?? code] : []));
}

/** "1st", "2nd", "3rd", "4th", …, "11th", "12th", "13th", "21st". */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? "th" : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th";
  return `${n}${suffix}`;
}

function playlistsFact(coPlaylists: number | undefined): string | null {
  if (coPlaylists === undefined) return null;
  if (coPlaylists === 0) return "never on the same playlist";
  return coPlaylists === 1 ? "together on 1 playlist" : `together on ${coPlaylists.toLocaleString("en-US")} playlists`;
}

function genreFact(query: Candidate, other: Candidate): string | null {
  const shared = sharedGenres(query, other);
  if (shared.length > 0) return `both ${shared.join(", ")}`;
  return other.genres.length > 0 ? `a different genre: ${other.genres.join(", ")}` : null;
}

const NEIGHBOR_HEADLINES: Record<Model, string> = {
  music2vec: "Turns up on the same kind of playlists",
  tcae: "Sounds alike",
  cel: "Sounds alike and suits the same moments",
};

export const ANOTHER_VERSION_HEADLINE = "Another version of this song (same melody)";

/**
 * What a TCAE neighbour is to the song. TCAE is trained to score versions of one work (another key, tempo,
 * instruments, mix) alike, and the build calibrates the cosine a version-like copy of a song keeps
 * (ml/models/sameMelody.ts): a neighbour at or above that threshold is another version of the song, one
 * below it merely sounds alike. Without a threshold (an older catalogue) nothing is called a version.
 */
export type AudioRelation = "anotherVersion" | "soundsAlike";

export function tcaeRelation(score: number, threshold: number | null): AudioRelation {
  return threshold !== null && score >= threshold ? "anotherVersion" : "soundsAlike";
}

/** Cosine similarity of two vectors of equal length (0 when either is all zeros). */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/** What the page knows about a TCAE neighbour's audio: its relation and how alike the two songs' timbre is. */
export interface AudioFacts {
  relation: AudioRelation;
  /** Cosine of the two songs' timbre facets, null when one has none. */
  timbre: number | null;
}

export const TOGETHER_HEADLINE = "Often on this song's playlists";

/**
 * Why `other` is in `model`'s top list of the query song (`audio` for TCAE neighbours). A Music2Vec neighbour of
 * kind "together" is a song the model predicts on the query's playlists: its score is a prediction, not a
 * closeness, so it is neither called "closest" nor compared with the alike songs' similarities.
 */
export function explainNeighbor(
  model: Model,
  neighbor: Pick<Neighbor, "rank" | "score" | "kind">,
  query: Candidate,
  other: Candidate,
  coPlaylists?: number,
  audio?: AudioFacts,
): Explanation {
  const together = model === "music2vec" && neighbor.kind === "together";
  const similarity = model === "tcae" && audio ? `melody similarity ${neighbor.score.toFixed(2)}` : `similarity ${neighbor.score.toFixed(2)}`;
  const facts = together
    ? [`${MODEL_INFO.music2vec.label} predicts it on the same playlists, score ${neighbor.score.toFixed(2)}`]
    : [`${ordinal(neighbor.rank)} closest in ${MODEL_INFO[model].label}`, similarity];
  if (audio?.timbre != null) facts.push(`sound colour similarity ${audio.timbre.toFixed(2)}`);
  const genre = genreFact(query, other);
  if (genre) facts.push(genre);
  const playlists = playlistsFact(coPlaylists);
  if (playlists) facts.push(playlists);
  const headline = together
    ? TOGETHER_HEADLINE
    : model === "tcae" && audio?.relation === "anotherVersion"
      ? ANOTHER_VERSION_HEADLINE
      : NEIGHBOR_HEADLINES[model];
  return { headline, facts };
}

/**
 * Why `item` made the Score Total top 10: which embeddings rank it and where, whether it shares a genre and
 * how many playlists hold both. `available` lists the embeddings the query song has (no mel: Music2Vec only).
 * `relation` is its TCAE relation when TCAE ranks it (another version of the song leads the explanation);
 * `music2vecKind` the part of Music2Vec's list it is in, when Music2Vec ranks it (a predicted playlist-mate's
 * rank says so).
 */
export function explainScoreTotal(
  item: Pick<ScoreTotalItem, "ranks">,
  available: readonly Model[],
  query: Candidate,
  other: Candidate,
  coPlaylists?: number,
  relation?: AudioRelation,
  music2vecKind?: NeighborKind,
): Explanation {
  const models = MODELS.filter((m) => available.includes(m));
  const ranked = models.filter((m) => item.ranks[m] !== null);
  const facts = models.map((m) => {
    const rank = item.ranks[m];
    if (rank === null) return `not in ${MODEL_INFO[m].label}'s top 50`;
    const mate = m === "music2vec" && music2vecKind === "together" ? ", a predicted playlist-mate" : "";
    return `${ordinal(rank)} in ${MODEL_INFO[m].label}${mate}`;
  });
  const genre = genreFact(query, other);
  if (genre) facts.push(genre);
  const playlists = playlistsFact(coPlaylists);
  if (playlists) facts.push(playlists);
  const headline = relation === "anotherVersion" && item.ranks.tcae !== null ? ANOTHER_VERSION_HEADLINE : scoreTotalHeadline(ranked, models.length);
  return { headline, facts };
}

function scoreTotalHeadline(ranked: readonly Model[], available: number): string {
  if (ranked.length === 0) return "Close in none of the embeddings' top 50";
  if (available > 1 && ranked.length === available) return `All ${available} embeddings rank it near`;
  const byPlaylists = ranked.includes("music2vec");
  const byAudio = ranked.includes("tcae") || ranked.includes("cel");
  if (byPlaylists && byAudio) return `Ranked near by ${ranked.map((m) => MODEL_INFO[m].label).join(" and ")}`;
  if (byAudio) return "Found by its sound";
  return available > 1 ? "Found by playlists alone" : "Played in the same situations";
}

/** Shown on the page of a song without a mel-spectrogram. */
export const NO_MEL_EXPLANATION =
  "The dataset has no mel-spectrogram for this song, so there is no audio to compare: TCAE and CEL cannot place it, " +
  "and its recommendations come from Music2Vec (playlists) alone.";
