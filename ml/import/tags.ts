// What a song is called: its tags (music-metadata reads ID3, Vorbis comments, MP4 atoms, APE, ASF, RIFF INFO …),
// and where a tag is missing, the library's folder convention `Artist/Album/07 Title.ext`.
import { CouldNotDetermineFileTypeError, UnsupportedFileTypeError, parseFile, type IAudioMetadata } from "music-metadata";

export interface SongTags {
  title: string | null;
  /** As tagged: several values when the file carries several (ID3v2.4, Vorbis comments), never split here. */
  artists: string[];
  album: string | null;
  albumArtist: string | null;
  /** Free-text genres as tagged ("Rock", "Hip-Hop; Jazz" is split at ";" later). */
  genres: string[];
  /** "2004", "2004-05" or "2004-05-03". */
  date: string | null;
  track: number | null;
  disc: number | null;
  compilation: boolean;
  /** Who holds the rights (ID3 TCOP, Vorbis COPYRIGHT, MP4 cprt …), for the attribution page. */
  copyright: string | null;
  /** The licence as tagged (Vorbis LICENSE, ID3 WCOP/TXXX:LICENSE …), often a URL such as a Creative Commons deed. */
  license: string | null;
}

export interface AudioFormat {
  /** Container as music-metadata names it ("MPEG", "Ogg", "FLAC", "WAVE", "MPEG-4" …), null when unknown. */
  container: string | null;
  codec: string | null;
  /** Seconds, null when the file does not say. */
  duration: number | null;
  sampleRate: number | null;
  channels: number | null;
}

const clean = (value: string | undefined | null): string | null => {
  const text = value?.replace(/\u0000/g, "").trim();
  return text ? text : null;
};

/** Tags and format of an audio file; `tagError` says why the tags could not be read (the file may still decode). */
export async function readTags(file: string): Promise<{ tags: SongTags; format: AudioFormat; tagError: string | null }> {
  let metadata: IAudioMetadata;
  try {
    // duration: scan the whole file when the header does not give it (a VBR mp3 without a Xing frame).
    metadata = await parseFile(file, { duration: true, skipCovers: true });
  } catch (error) {
    // A format music-metadata does not read (tracker modules, …) simply has no tags: only a damaged tag block
    // in a format it knows is worth a warning.
    const unsupported = error instanceof CouldNotDetermineFileTypeError || error instanceof UnsupportedFileTypeError;
    return {
      tags: emptyTags(),
      format: { container: null, codec: null, duration: null, sampleRate: null, channels: null },
      tagError: unsupported ? null : (error as Error).message,
    };
  }
  const { common, format } = metadata;
  const artists = (common.artists?.length ? common.artists : common.artist ? [common.artist] : []).map(clean).filter((a): a is string => a !== null);
  const tags: SongTags = {
    title: clean(common.title),
    artists: [...new Set(artists)],
    album: clean(common.album),
    albumArtist: clean(common.albumartist),
    genres: (common.genre ?? []).map(clean).filter((g): g is string => g !== null),
    date: clean(common.date) ?? clean(common.originaldate) ?? (common.year ? String(common.year) : null),
    track: common.track?.no ?? null,
    disc: common.disk?.no ?? null,
    compilation: common.compilation === true,
    copyright: clean(common.copyright),
    license: clean(common.license),
  };
  const duration = format.duration !== undefined && Number.isFinite(format.duration) && format.duration > 0 ? format.duration : null;
  return {
    tags,
    format: {
      container: format.container ?? null,
      codec: format.codec ?? null,
      duration,
      sampleRate: format.sampleRate ?? null,
      channels: format.numberOfChannels ?? null,
    },
    tagError: null,
  };
}

export function emptyTags(): SongTags {
  return {
    title: null, artists: [], album: null, albumArtist: null, genres: [], date: null, track: null, disc: null, compilation: false,
    copyright: null, license: null,
  };
}

/**
 * Tags read from the path relative to the music folder, by the common library layout:
 *   Artist/Album/07 Title.ext · Artist/Album/1-07 Title.ext · Artist - Album/07 - Title.ext · Album/Artist - Title.ext
 * A deeper path uses its last two folders. Only what the layout says is set.
 */
export function tagsFromPath(path: string): SongTags {
  const parts = path.split("/");
  const file = parts[parts.length - 1]!;
  const stem = file.includes(".") ? file.slice(0, file.lastIndexOf(".")) : file;
  const tags = emptyTags();
  const folders = parts.slice(0, -1);
  if (folders.length >= 2) {
    tags.artists = [folders[folders.length - 2]!];
    tags.album = folders[folders.length - 1]!;
  } else if (folders.length === 1) {
    const folder = folders[0]!;
    const dash = folder.indexOf(" - ");
    if (dash > 0) {
      tags.artists = [folder.slice(0, dash).trim()];
      tags.album = folder.slice(dash + 3).trim() || null;
    } else {
      tags.album = folder;
    }
  }
  let title = stem.replace(/_/g, " ").trim();
  const numbered = /^(?:(\d{1,2})[-.])?(\d{1,3})(?:\s*[-.]\s*|\s+)(.+)$/.exec(title);
  if (numbered) {
    if (numbered[1]) tags.disc = Number(numbered[1]);
    tags.track = Number(numbered[2]);
    title = numbered[3]!.trim();
  }
  // "Artist - Title" in the file name names the artist when no folder did.
  const dash = title.indexOf(" - ");
  if (dash > 0 && tags.artists.length === 0) {
    tags.artists = [title.slice(0, dash).trim()];
    title = title.slice(dash + 3).trim();
  }
  tags.title = title || stem;
  return tags;
}

/** Tags with every missing field filled from the path. */
export function withPathFallback(tags: SongTags, path: string): SongTags {
  const fromPath = tagsFromPath(path);
  return {
    title: tags.title ?? fromPath.title,
    artists: tags.artists.length > 0 ? tags.artists : tags.albumArtist ? [tags.albumArtist] : fromPath.artists,
    album: tags.album ?? fromPath.album,
    albumArtist: tags.albumArtist,
    genres: tags.genres,
    date: tags.date,
    track: tags.track ?? fromPath.track,
    disc: tags.disc ?? fromPath.disc,
    compilation: tags.compilation,
    // Import states written before these tags were read lack them.
    copyright: tags.copyright ?? null,
    license: tags.license ?? null,
  };
}
