// float16 → float32 for the mel-spectrogram files (the Melon dataset and `mugle import` store float16): shared by
// the build's strict reader (ml/data/mel.ts) and the site's lenient one (lib/media/melFile.ts).
import { float16ToFloat32 } from "npyjs";

let float16Table: Float32Array | undefined;

/** float16 bits → float32 through a table of every bit pattern built once (npyjs's per-value conversion is ~25 ms a spectrogram). */
export function widenFloat16(halves: Uint16Array): Float32Array {
  if (!float16Table) {
    float16Table = new Float32Array(1 << 16);
    for (let bits = 0; bits < 1 << 16; bits++) float16Table[bits] = float16ToFloat32(bits);
  }
  const values = new Float32Array(halves.length);
  for (let i = 0; i < halves.length; i++) values[i] = float16Table[halves[i]!]!;
  return values;
}
