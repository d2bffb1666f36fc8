// Shapes shared by ml/ (which writes the catalogue) and app/ (which reads it).
// The song document is a public contract (ARCHITECTURE.md): `mugle recommend --json`
// and `GET /api/songs/{id}` both return exactly this.

/** The three embeddings, in the order the site shows them. */
export const MODELS = ["music2vec", "tcae", "cel"] as const;
export type Model = (typeof MODELS)[number];

export interface SongSummary {
  id: number;
  name: string;
  artists: string[];
  album: string;
  /** Major genre names (e.g. "발라드"), in the order of song_gn_gnr_basket. */
  genres: string[];
  /** "YYYY-MM-DD", "YYYY-MM", "YYYY" or null when Melon does not know it. */
  issueDate: string | null;
}

/**
 * The two parts of Music2Vec's list (ml/models/music2vecLists.ts): "together" is a song the model predicts on
 * this song's playlists (scored by the cosine of the song's input vector and the other's output vector), "alike"
 * a song that plays the same role on playlists (the cosine of the two input vectors). The scores of the two kinds
 * are not comparable: a playlist-mate at 0.31 can rank above an alike song at 0.85.
 */
export type NeighborKind = "together" | "alike";

export interface Neighbor {
  id: number;
  /** 1-based rank in this embedding's top 50. */
  rank: number;
  /** Cosine similarity (for a Music2Vec neighbour, of the kind `kind` says). */
  score: number;
  /** Music2Vec's neighbours only: which part of its list the song is from. */
  kind?: NeighborKind;
}

export interface EachTop3Item {
  id: number;
  /** The embeddings whose widened cut-off contributed this song, in the order they did. */
  from: Model[];
}

export interface ScoreTotalItem {
  id: number;
  score: number;
  /** The song's rank in each embedding's top 50, null when absent (or the query has no vector there). */
  ranks: Record<Model, number | null>;
}

export interface SongDocument {
  song: SongSummary;
  neighbors: Record<Model, Neighbor[]>;
  eachTop3: EachTop3Item[];
  scoreTotal: ScoreTotalItem[];
}

/** One row of `GET /api/search`. */
export interface SearchHit {
  id: number;
  name: string;
  artists: string[];
  album: string;
  genres: string[];
}

/**
 * Training-free audio baselines, judged on the same songs as TCAE and CEL (those with a mel): each song's
 * mean spectrum, its frames averaged in fours, and a histogram of the loudest band per frame
 * (ml/pipeline/audioBaselines.ts). A learned audio embedding should beat all three.
 */
export const AUDIO_BASELINES = ["meanSpectrum", "pooledFrames", "loudestBand"] as const;
export type AudioBaseline = (typeof AUDIO_BASELINES)[number];

/**
 * Methods compared by `mugle evaluate`, in the table's order: the three embeddings, the audio baselines
 * beside them, the two ensembles and the two playlist baselines.
 */
export const EVAL_METHODS = [...MODELS, ...AUDIO_BASELINES, "eachTop3", "scoreTotal", "popularity", "cooccurrence"] as const;
export type EvalMethod = (typeof EVAL_METHODS)[number];

export interface MethodMetrics {
  /** Share of recommendations sharing a major genre with the query (query's own artist left out). */
  genrePrecisionAt10: number | null;
  /** Held-out playlists: share of (query, rest-of-playlist) cases with at least one hit in the top 10. */
  coPlaylistHitRateAt10: number | null;
  coPlaylistNdcgAt10: number | null;
  /** Melon's song metric: nDCG@100 of continuing held-out playlists from their first half (lib/continuation.ts). */
  continuationNdcgAt100?: number | null;
  /** How many held-out playlists the continuation score is averaged over. */
  continuationPlaylists?: number;
  /** Share of a work's other versions found in the top 10 (sample ground truth only). */
  versionRecallAt10: number | null;
  /**
   * The same over the songs with a mel only, for every method (the same queries for all): what the audio
   * embeddings could find. Null where the evaluation was not told which songs have one.
   */
  versionRecallAudioAt10?: number | null;
  /** Version recall of k songs drawn at random from the songs this method can recommend. */
  versionRecallChance?: number | null;
  /** Share of the catalogue that appears in some song's top 10. */
  coverageAt10: number | null;
  /** Mean popularity percentile (0 = least played, 100 = most) of what is recommended. */
  meanPopularityPercentile: number | null;
  /** How many query songs the figures above are averaged over. */
  queries: number;
  /** How many (held-out playlist, query song) cases the co-playlist figures are averaged over. */
  coPlaylistCases?: number;
  /** How many songs with another version of their work the version recall is averaged over. */
  versionQueries?: number;
  /** How many of those have a mel (the queries of versionRecallAudioAt10). */
  versionQueriesAudio?: number;
}

/** One point of the accuracy/discovery curve: a method's lists re-ranked at one setting of the knob (lib/discovery.ts). */
export interface DiscoveryPoint {
  method: EvalMethod;
  /** 0 = familiar, 0.5 = as ranked, 1 = hidden gems. */
  discovery: number;
  genrePrecisionAt10: number | null;
  coPlaylistHitRateAt10: number | null;
  coPlaylistNdcgAt10: number | null;
  coverageAt10: number | null;
  meanPopularityPercentile: number | null;
}

export interface EvaluationReport {
  /** Number of recommendations per query every metric uses. */
  k: number;
  /** Chance level of version recall@10 for a random recommender on this catalogue, when ground truth exists. */
  versionRecallChance: number | null;
  heldOutPlaylists: number;
  methods: Partial<Record<EvalMethod, MethodMetrics>>;
  /** The accuracy/discovery curve, when the build measured it. */
  discovery?: DiscoveryPoint[];
  /**
   * The song page's "another version of this song" label on TCAE's top k (cosine at or above the calibrated
   * threshold); precision and recall against the known versions, null without ground truth.
   */
  sameMelodyLabel?: { threshold: number; labelled: number; precision: number | null; recall: number | null };
}
