// The media routes' URLs, shared by the pages that link them and the routes' tests (no server-only imports).

/** The URL of a song's spectrogram picture for a build: the build id in it keys every cache to that build. */
export function songSpectrogramUrl(id: number, buildId: string): string {
  return `/api/songs/${id}/spectrogram?build=${encodeURIComponent(buildId)}`;
}
