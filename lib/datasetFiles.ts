// Where files live inside a Melon-format dataset directory: shared by the pipeline, which reads and writes them,
// and the site, which draws the spectrograms from them.

/** arena_mel/{floor(id/1000)}/{id}.npy, relative to the dataset directory. */
export function melRelativePath(songId: number): string {
  return `arena_mel/${Math.floor(songId / 1000)}/${songId}.npy`;
}
