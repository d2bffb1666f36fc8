// The sample's catalogue: artists with albums, albums with tracks, and melodic "works" that exist in
// several versions (original, English version, remix, live, acoustic, cover by another artist, instrumental),
// plus the noise real catalogues have (re-released duplicates, Various Artists compilations, MR tracks).
// Songs are created album by album and then given shuffled ids 0..N-1, as in the real song_meta.json.
import { Random } from "../core/random.ts";
import type { SampleTruth, SongMeta } from "../data/melon.ts";
import { GENRE_PROFILES, MOODS, VARIOUS_ARTISTS, detailGenres, genreName, type GenreProfile } from "./genres.ts";
import { albumName, artistName, compilationName, ostAlbumName, songTitle, type ArtistKind } from "./vocabulary.ts";

export type Version = SampleTruth["songs"][number]["version"];

/** What the mel synthesiser needs to render a song; versions of a work differ only here. */
export interface SongAudio {
  /** Timbre and rhythm style: a major genre code, or "remix" / "acoustic". */
  style: string;
  /** Tempo relative to the work's tempo. */
  tempoRatio: number;
  /** Transposition in semitones relative to the work's key. */
  keyShift: number;
  /** Seed of the recording: noise, articulation, small level changes. Re-releases share it. */
  recording: number;
  live: boolean;
  instrumental: boolean;
  /** Where the excerpt starts in the song, in seconds (0: at the start, as every standard version). */
  startSeconds?: number;
  /** Extra EQ on top of the style's: a tilt in dB per band and resonances [band, width in bands, gain dB]. */
  eqTiltDb?: number;
  eqBumps?: readonly (readonly [number, number, number])[];
  /** Noise floor raised by this many dB. */
  noiseDb?: number;
}

export interface SampleSong extends SongMeta {
  work: number;
  version: Version;
  /** Index into MOODS: decides which situations (playlists) the song fits. */
  mood: number;
  /** Relative chance of being picked into a playlist (log-normal over artists and songs: Zipf-like counts). */
  popularity: number;
  audio: SongAudio;
}

/** A melody: every version of a work renders the same note sequence (mel.ts derives it from the work id). */
export interface Work {
  id: number;
  mood: number;
  /** Beats per minute of the original. */
  tempo: number;
  /** MIDI note of the key's tonic. */
  root: number;
  minor: boolean;
}

export interface Artist {
  id: number;
  name: string;
  genre: GenreProfile;
  kind: ArtistKind;
  popularity: number;
  /** Indices (creation order) of the artist's songs. */
  songs: number[];
}

export interface Catalogue {
  /** Indexed by song id. */
  songs: SampleSong[];
  works: Work[];
  artists: Artist[];
}

/** Tempo ranges per mood (BPM): the audio carries the mood that playlists are built around. */
const MOOD_TEMPO: Record<(typeof MOODS)[number], [number, number]> = {
  calm: [62, 80],
  sad: [66, 84],
  romantic: [84, 108],
  energetic: [118, 140],
  groovy: [88, 102],
};

const VERSION_POPULARITY: Record<Version, number> = {
  original: 1,
  english: 0.35,
  remix: 0.3,
  live: 0.3,
  acoustic: 0.4,
  cover: 0.7,
  instrumental: 0.05,
};

const VA_ARTIST_ID = 2727;
const GENRE_SHARES = GENRE_PROFILES.map((p) => p.share);
const LAST_YEAR = 2020;

/** Unique random integers in [1, max], for artist and album ids (the real ones are sparse, not 0..N). */
class IdPool {
  private readonly used = new Set<number>();
  constructor(
    private readonly random: Random,
    private readonly max: number,
  ) {}
  next(): number {
    for (;;) {
      const id = 1 + this.random.int(this.max);
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }
}

/** yyyymmdd, with unknown month/day written as 00 (more often for old releases, as on Melon). */
function issueDate(random: Random, year: number): number {
  const unknown = year < 1995 ? 0.25 : 0.03;
  if (random.chance(unknown)) return year * 10000 + (random.chance(0.5) ? 0 : (1 + random.int(12)) * 100);
  let month = 1 + random.int(12);
  if (year === LAST_YEAR) month = 1 + random.int(4);
  return year * 10000 + month * 100 + 1 + random.int(28);
}

const eraCache = new Map<string, string | null>();

/** The era detail genre ('80, '00, '10- ...) that fits a year, if the major genre has era details. */
function eraDetail(major: string, year: number): string | undefined {
  const era = year < 1990 ? 0 : year < 2000 ? 1 : year < 2010 ? 2 : 3;
  const key = `${major}:${era}`;
  let code = eraCache.get(key);
  if (code === undefined) {
    const wanted = [["'80", "'80-'90", "'60-'70"], ["'90", "'80-'90"], ["'00"], ["'10-"]][era]!;
    code = null;
    for (const name of wanted) {
      code = detailGenres(major).find((c) => genreName(c) === name) ?? null;
      if (code) break;
    }
    eraCache.set(key, code);
  }
  return code ?? undefined;
}

function genreBaskets(random: Random, profile: GenreProfile, year: number): { major: string[]; detail: string[] } {
  const major = [profile.code];
  if (profile.companion && random.chance(0.4)) major.push(profile.companion);
  const detail: string[] = [];
  for (const code of major) {
    const details = detailGenres(code);
    const era = eraDetail(code, year);
    const specific = era ?? (details.length > 1 ? details[1 + random.int(details.length - 1)] : undefined);
    if (specific) detail.push(specific);
    if ((!specific || random.chance(0.3)) && details[0]) detail.push(details[0]);
  }
  return { major, detail };
}

function artistKind(random: Random, profile: GenreProfile): ArtistKind {
  switch (profile.code) {
    case "GN2500":
      return "idol";
    case "GN1600":
      return random.chance(0.5) ? "ensemble" : "solo";
    case "GN1100":
    case "GN2600":
    case "GN2700":
      return random.chance(0.7) ? "producer" : "solo";
    case "GN0600":
    case "GN1000":
    case "GN0500":
      return random.chance(0.6) ? "band" : "solo";
    case "GN2300":
    case "GN2400":
      return random.chance(0.4) ? "ensemble" : "solo";
    default:
      return random.chance(0.2) ? "band" : "solo";
  }
}

/** Chance that a domestic artist's title is Korean. */
function koreanShare(profile: GenreProfile): number {
  if (profile.code === "GN2500" || profile.code === "GN0300" || profile.code === "GN2600") return 0.45;
  return 0.75;
}

/**
 * Builds the catalogue. `songCount` songs exactly; the same seed gives the same catalogue.
 */
export function generateCatalogue(songCount: number, seed: number): Catalogue {
  const random = new Random(seed, "catalogue");
  const artistIds = new IdPool(random, 3_000_000);
  const albumIds = new IdPool(random, 11_000_000);
  const created: SampleSong[] = [];
  const works: Work[] = [];
  const artists: Artist[] = [];
  const artistById = new Map<number, Artist>();
  const full = () => created.length >= songCount;

  const newWork = (mood: number): Work => {
    const [lo, hi] = MOOD_TEMPO[MOODS[mood]!];
    const work: Work = { id: works.length, mood, tempo: Math.round(random.range(lo, hi)), root: 55 + random.int(12), minor: mood === 1 || random.chance(0.3) };
    works.push(work);
    return work;
  };

  interface AlbumInfo {
    id: number;
    name: string;
    date: number;
    artists: Artist[];
  }

  const addSong = (
    album: AlbumInfo,
    title: string,
    profile: GenreProfile,
    work: Work,
    version: Version,
    audio: Partial<SongAudio>,
    popularity: number,
    mood = work.mood,
  ): SampleSong => {
    const year = Math.floor(album.date / 10000);
    const baskets = genreBaskets(random, profile, year);
    const song: SampleSong = {
      id: created.length,
      album_id: album.id,
      artist_id_basket: album.artists.map((a) => a.id),
      artist_name_basket: album.artists.map((a) => a.name),
      song_name: title,
      song_gn_gnr_basket: baskets.major,
      song_gn_dtl_gnr_basket: baskets.detail,
      issue_date: album.date,
      album_name: album.name,
      work: work.id,
      version,
      mood,
      popularity: popularity * VERSION_POPULARITY[version],
      audio: {
        style: profile.code,
        tempoRatio: 1,
        keyShift: 0,
        recording: random.nextUint32(),
        live: false,
        instrumental: false,
        ...audio,
      },
    };
    created.push(song);
    for (const artist of album.artists) if (artist.id !== VA_ARTIST_ID) artist.songs.push(song.id);
    return song;
  };

  /** Another recording of `source` (same melody), on `album`. */
  const addVersion = (album: AlbumInfo, source: SampleSong, version: Version, profile: GenreProfile, popularity: number): SampleSong | undefined => {
    if (full()) return undefined;
    const work = works[source.work]!;
    const base = source.song_name.replace(/ \(.*\)$/, "");
    switch (version) {
      case "instrumental":
        return addSong(album, `${base}${random.pick([" (Inst.)", " (Instrumental)", " (MR)", " (inst.)"])}`, profile, work, version,
          { ...source.audio, recording: random.nextUint32(), instrumental: true }, popularity);
      case "english":
        return addSong(album, `${base} (English Ver.)`, profile, work, version, { ...source.audio, recording: random.nextUint32() }, popularity);
      case "remix": {
        const producer = artistName(random, "english", "producer");
        const title = random.chance(0.5) ? `${base} (Remix)` : `${base} (${producer} Remix)`;
        return addSong(album, title, profile, work, version, { style: "remix", tempoRatio: random.range(1.05, 1.2), recording: random.nextUint32() },
          popularity, random.chance(0.6) ? 3 : work.mood);
      }
      case "acoustic":
        return addSong(album, `${base} (Acoustic Ver.)`, profile, work, version,
          { style: "acoustic", tempoRatio: random.range(0.88, 0.97), keyShift: random.pick([0, 0, -1, -2]), recording: random.nextUint32() },
          popularity, random.chance(0.6) ? 0 : work.mood);
      case "live":
        return addSong(album, `${base} (Live)`, profile, work, version,
          { ...source.audio, tempoRatio: source.audio.tempoRatio * random.range(0.97, 1.03), live: true, recording: random.nextUint32() }, popularity);
      case "cover":
        return addSong(album, base, profile, work, version,
          { tempoRatio: random.range(0.9, 1.1), keyShift: random.pick([0, 1, -1, 2, -2, 3, -3]), recording: random.nextUint32() }, popularity);
      case "original":
        return undefined;
    }
  };

  const newArtist = (): Artist => {
    const genre = GENRE_PROFILES[random.weighted(GENRE_SHARES)]!;
    const kind = artistKind(random, genre);
    const artist: Artist = {
      id: artistIds.next(),
      name: artistName(random, genre.titles, kind),
      genre,
      kind,
      popularity: Math.exp(1.3 * random.normal()),
      songs: [],
    };
    artists.push(artist);
    artistById.set(artist.id, artist);
    return artist;
  };

  const debutYear = () => {
    // Skewed to recent years, as the real catalogue is.
    const u = random.next();
    return Math.min(LAST_YEAR, Math.round(1975 + 45 * Math.sqrt(u)));
  };

  /** A random earlier original by an artist other than `performer`, to cover or to compile. */
  const coverSource = (performer: Artist): SampleSong | undefined => {
    for (let attempt = 0; attempt < 8 && created.length > 0; attempt++) {
      const candidate = created[random.int(created.length)]!;
      const by = candidate.artist_id_basket[0];
      if (candidate.version === "original" && by !== VA_ARTIST_ID && by !== performer.id) return candidate;
    }
    return undefined;
  };

  const various: Artist = { id: VA_ARTIST_ID, name: VARIOUS_ARTISTS, genre: GENRE_PROFILES[0]!, kind: "ensemble", popularity: 1, songs: [] };

  while (!full()) {
    const artist = newArtist();
    const profile = artist.genre;
    const debut = debutYear();
    const albumCount = 1 + Math.min(7, Math.floor(-Math.log(1 - random.next()) * 1.2));
    let year = debut;
    const artistOriginals: SampleSong[] = [];
    for (let a = 0; a < albumCount && !full(); a++) {
      const kind = random.chance(0.6) ? "single" : random.chance(0.6) ? "ep" : "lp";
      const tracks = kind === "single" ? 1 + random.int(2) : kind === "ep" ? 4 + random.int(3) : 8 + random.int(6);
      const firstTitle = songTitle(random, profile.titles, koreanShare(profile));
      const isOst = profile.code === "GN1500";
      const album: AlbumInfo = {
        id: albumIds.next(),
        name: isOst ? ostAlbumName(random) : albumName(random, kind, firstTitle, a, profile.domestic),
        date: issueDate(random, Math.min(LAST_YEAR, year)),
        artists: [artist],
      };
      for (let t = 0; t < tracks && !full(); t++) {
        const titleTrack = t === 0;
        const trackPopularity = artist.popularity * Math.exp(0.8 * random.normal()) * (titleTrack ? 2.5 : 1);
        const cover = !titleTrack && random.chance(0.05) ? coverSource(artist) : undefined;
        if (cover) {
          addVersion(album, cover, "cover", profile, trackPopularity);
          continue;
        }
        const mood = random.weighted(profile.moods);
        const work = newWork(mood);
        let title = titleTrack ? firstTitle : songTitle(random, profile.titles, koreanShare(profile));
        let trackAlbum = album;
        // Features: a second artist in the basket and "(Feat. ...)" in the title, as Melon writes them.
        if (profile.domestic && artists.length > 1 && random.chance(0.06)) {
          const guest = artists[random.int(artists.length - 1)]!;
          if (guest.genre.domestic && guest !== artist) {
            title = `${title} (Feat. ${guest.name})`;
            trackAlbum = { ...album, artists: [artist, guest] };
          }
        }
        const song = addSong(trackAlbum, title, profile, work, "original", {}, trackPopularity);
        artistOriginals.push(song);
        if (titleTrack && random.chance(kind === "single" ? 0.3 : 0.15)) addVersion(album, song, "instrumental", profile, trackPopularity);
        if (titleTrack && profile.domestic && random.chance(0.08)) addVersion(album, song, "english", profile, trackPopularity);
        if (random.chance(0.04)) addVersion(album, song, "remix", profile, trackPopularity);
        if (random.chance(0.025)) addVersion(album, song, "acoustic", profile, trackPopularity);
      }
      year += random.int(3);
    }
    // A live album or a best-of re-release (duplicates: same title and artists under new ids).
    if (artistOriginals.length >= 3 && !full() && random.chance(0.12)) {
      const live = random.chance(0.5);
      const album: AlbumInfo = {
        id: albumIds.next(),
        name: live ? `${artist.name} Live Concert` : `${artist.name} Best`,
        date: issueDate(random, Math.min(LAST_YEAR, year + 1)),
        artists: [artist],
      };
      const picks = random.shuffle([...artistOriginals]).slice(0, 2 + random.int(4));
      for (const source of picks) {
        if (full()) break;
        if (live) addVersion(album, source, "live", profile, source.popularity);
        else {
          const work = works[source.work]!;
          addSong({ ...album, artists: source.artist_id_basket.map((id) => artistById.get(id)!) }, source.song_name, profile, work,
            "original", { ...source.audio }, source.popularity * 0.5);
        }
      }
    }
    // Various Artists compilations re-release existing songs under a compilation credit.
    if (created.length > 20 && !full() && random.chance(0.03)) {
      const album: AlbumInfo = { id: albumIds.next(), name: compilationName(random, year), date: issueDate(random, Math.min(LAST_YEAR, year)), artists: [various] };
      for (let t = 0, n = 4 + random.int(6); t < n && !full(); t++) {
        const source = coverSource(various);
        if (!source) break;
        const sourceProfile = GENRE_PROFILES.find((p) => p.code === source.audio.style) ?? profile;
        addSong(album, source.song_name, sourceProfile, works[source.work]!, "original", { ...source.audio }, source.popularity * 0.3);
      }
    }
  }

  // Shuffle ids so that albums and versions are not contiguous, as in the real file.
  const order = random.shuffle(created.map((_, i) => i));
  const songs: SampleSong[] = new Array(created.length);
  const newId = new Int32Array(created.length);
  order.forEach((oldIndex, id) => {
    newId[oldIndex] = id;
  });
  for (const song of created) {
    const id = newId[song.id]!;
    songs[id] = { ...song, id };
  }
  for (const artist of artists) artist.songs = artist.songs.map((i) => newId[i]!);
  return { songs, works, artists };
}
