// Why a song is recommended, in plain words. Pure: the song page passes in what the catalogue stored
// (ranks, cosine scores, genres, how many training playlists hold both songs) and renders the sentences.
import { MODELS, type Model, type ScoreTotalItem } from "./types.ts";

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
      "Close songs suit the same genre and the same moment: a breakup, a night drive, a workout.",
  },
  tcae: {
    label: "TCAE",
    source: "the audio",
    captures: "melody and mood",
    description:
      "A temporal convolutional autoencoder that listened to 30 seconds of each song's mel-spectrogram. " +
      "Close songs sound alike in melody, rhythm and timbre, whatever playlists they are on.",
  },
  cel: {
    label: "CEL",
    source: "playlists and audio",
    captures: "both",
    description:
      "Combined embedding learning: one vector trained to agree with both the song's TCAE and Music2Vec vectors. " +
      "Close songs sound alike and are played in the same situations.",
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

/** Why `other` is in `model`'s top list of the query song. */
export function explainNeighbor(
  model: Model,
  neighbor: { rank: number; score: number },
  query: Candidate,
  other: Candidate,
  coPlaylists?: number,
): Explanation {
  const facts = [`${ordinal(neighbor.rank)} closest in ${MODEL_INFO[model].label}`, `similarity ${neighbor.score.toFixed(2)}`];
  const genre = genreFact(query, other);
  if (genre) facts.push(genre);
  const playlists = playlistsFact(coPlaylists);
  if (playlists) facts.push(playlists);
  return { headline: NEIGHBOR_HEADLINES[model], facts };
}

/**
 * Why `item` made the Score Total top 10: which embeddings rank it and where, whether it shares a genre and
 * how many playlists hold both. `available` lists the embeddings the query song has (no mel: Music2Vec only).
 */
export function explainScoreTotal(
  item: Pick<ScoreTotalItem, "ranks">,
  available: readonly Model[],
  query: Candidate,
  other: Candidate,
  coPlaylists?: number,
): Explanation {
  const models = MODELS.filter((m) => available.includes(m));
  const ranked = models.filter((m) => item.ranks[m] !== null);
  const facts = models.map((m) => {
    const rank = item.ranks[m];
    return rank === null ? `not in ${MODEL_INFO[m].label}'s top 50` : `${ordinal(rank)} in ${MODEL_INFO[m].label}`;
  });
  const genre = genreFact(query, other);
  if (genre) facts.push(genre);
  const playlists = playlistsFact(coPlaylists);
  if (playlists) facts.push(playlists);
  return { headline: scoreTotalHeadline(ranked, models.length), facts };
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
