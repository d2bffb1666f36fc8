-- The Mugle catalogue: one SQLite file, written only by lib/catalogue/writer.ts (for `mugle build` and the test
-- fixtures) and read only by lib/catalogue/reader.ts (for the site and the CLI). Nothing else names a table.
-- Bump SCHEMA_VERSION in lib/catalogue/format.ts together with user_version below whenever a table changes;
-- the site refuses a file built by another schema version with a clear message.
PRAGMA user_version = 6;

-- Key/value facts about this catalogue: built_at, data_dir (the dataset: mel-spectrograms, previews), songs,
-- playlists; for a catalogue of an imported music library also audio_root (the music folder);
-- tcae_same_melody_threshold: the TCAE cosine at or above which a neighbour is labelled another version of the
-- song (ml/models/sameMelody.ts).
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- genre_gn_all.json: major genres end in "00" (GN0100 발라드); detailed ones (GN0101) name their major in parent.
CREATE TABLE genres (
  code   TEXT PRIMARY KEY,
  name   TEXT NOT NULL,
  parent TEXT            -- NULL for a major genre
) WITHOUT ROWID;

-- The songs kept by preprocessing (only these are recommended or searchable).
CREATE TABLE songs (
  id             INTEGER PRIMARY KEY,  -- Melon song id
  name           TEXT NOT NULL,
  album          TEXT NOT NULL,
  album_id       INTEGER,
  artists        TEXT NOT NULL,        -- JSON array of names, Melon's order
  artist_ids     TEXT NOT NULL,        -- JSON array of ints
  genre_codes    TEXT NOT NULL,        -- JSON array of major codes (GNxx00)
  detail_codes   TEXT NOT NULL,        -- JSON array of detailed codes (GNxxyy)
  issue_date     TEXT,                 -- YYYY-MM-DD, YYYY-MM or YYYY; NULL when unknown
  year           INTEGER,
  playlist_count INTEGER NOT NULL,     -- training playlists holding the song (after duplicate merging)
  popularity_pct REAL NOT NULL,        -- percentile of playlist_count within the catalogue, 0..100
  has_mel        INTEGER NOT NULL      -- 1 when a mel-spectrogram was read (so TCAE and CEL exist)
);

-- Where each song of an imported music library can be heard (Melon catalogues have no rows here), and who
-- made it. The site serves the file by song id only; the path is relative to a folder the catalogue records,
-- and the site checks at every request that it stays inside that folder.
CREATE TABLE song_audio (
  song_id       INTEGER PRIMARY KEY REFERENCES songs(id),
  folder        TEXT NOT NULL CHECK (folder IN ('library', 'dataset')),
                                       -- library: the music file itself, under meta audio_root;
                                       -- dataset: a preview the import made (a format browsers cannot play), under meta data_dir
  path          TEXT NOT NULL,         -- relative to that folder, "/"-separated
  mime          TEXT NOT NULL,         -- the Content-Type it is served with
  duration      REAL,                  -- seconds of the file served; NULL when unknown
  excerpt_start REAL NOT NULL,         -- where, in the file served, the excerpt the models heard begins (seconds)
  copyright     TEXT,                  -- who made the recording (tags, or a credits file), NULL when unknown
  license       TEXT                   -- its licence, NULL when unknown
);

-- What each song is found by: the site's search (lib/searchIndex.ts) holds every song's search text in memory,
-- read from here in ranking order, and matches any substring of it, Korean and English alike.
CREATE TABLE song_search_text (
  song_id     INTEGER PRIMARY KEY REFERENCES songs(id),
  search_text TEXT NOT NULL              -- lib/search.ts searchText: NFC, lower-cased, spaces collapsed "name artists album"
);

-- Each model that produced embeddings in this build.
CREATE TABLE models (
  model   TEXT PRIMARY KEY,
  dim     INTEGER NOT NULL,
  songs   INTEGER NOT NULL,     -- how many songs have a vector
  config  TEXT NOT NULL         -- JSON of the options it was trained with
) WITHOUT ROWID;

-- Top-50 per (model, song), best first: ids as little-endian int32, scores as float32.
-- Blobs rather than one row per neighbour: 169k songs x 3 models x 50 would be 25M rows.
-- Music2Vec's list has two parts (ml/models/music2vecLists.ts): its first `together` songs are the ones the
-- model predicts on this song's playlists, scored by input·output cosine; the rest play the same role on
-- playlists, scored by input·input cosine. The two scores are not comparable, so the list is not sorted by score
-- where the parts meet. TCAE and CEL lists are plain cosine lists (together = 0).
CREATE TABLE neighbors (
  model    TEXT NOT NULL,
  song_id  INTEGER NOT NULL,
  ids      BLOB NOT NULL,
  scores   BLOB NOT NULL,
  together INTEGER NOT NULL,  -- how many of the first songs are predicted playlist-mates, 0..length of ids
  PRIMARY KEY (model, song_id)
) WITHOUT ROWID;

-- The two ensembles (lib/ranking.ts), one row per recommended song.
CREATE TABLE ensembles (
  song_id      INTEGER NOT NULL,
  method       TEXT NOT NULL CHECK (method IN ('eachTop3', 'scoreTotal')),
  position     INTEGER NOT NULL,      -- 1-based
  neighbor_id  INTEGER NOT NULL,
  score        REAL,                  -- scoreTotal only
  detail       TEXT NOT NULL,         -- JSON: scoreTotal {"ranks":{...}}, eachTop3 {"from":[...]}
  co_playlists INTEGER NOT NULL,      -- training playlists holding both songs (the "why" on the song page)
  PRIMARY KEY (song_id, method, position)
) WITHOUT ROWID;

-- The timbre facet of each song with a mel (ml/pipeline/timbre.ts): each band's mean and standard deviation
-- over the song's mel-spectrogram, standardised over the catalogue; 96 little-endian float32. TCAE listens
-- for melody; this is what "sounds alike" means, compared by cosine on the song page.
CREATE TABLE timbre (
  song_id INTEGER PRIMARY KEY REFERENCES songs(id),
  vector  BLOB NOT NULL
);

-- 2-D projection of each embedding for the map page.
CREATE TABLE projections (
  model   TEXT NOT NULL,
  song_id INTEGER NOT NULL,
  x       REAL NOT NULL,
  y       REAL NOT NULL,
  PRIMARY KEY (model, song_id)
) WITHOUT ROWID;

-- One row per build: what went in, what each stage kept, how long it took and how good the result is.
CREATE TABLE build_runs (
  id          INTEGER PRIMARY KEY,
  started_at  TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  data_dir    TEXT NOT NULL,
  seed        INTEGER NOT NULL,
  config      TEXT NOT NULL,   -- JSON: the full effective config
  preprocess  TEXT NOT NULL,   -- JSON: each filter's removed/kept counts
  timings     TEXT NOT NULL,   -- JSON: seconds per stage
  metrics     TEXT NOT NULL,   -- JSON: EvaluationReport
  backend     TEXT NOT NULL    -- the compute backend: top-k, Music2Vec, encoding and training engines
);
