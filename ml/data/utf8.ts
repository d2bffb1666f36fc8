// Strict UTF-8 for the dataset's JSON files. Node's decoders replace invalid bytes with U+FFFD without a word,
// which would store a damaged title as if it were the real one; these helpers find the exact byte instead, so the
// reader can name it (Buffer's isUtf8 answers yes or no quickly; where is only asked once the answer is no).
import { isUtf8 } from "node:buffer";

export { isUtf8 };

/** Length of the byte sequence a UTF-8 lead byte starts, or 0 when `byte` cannot start one. */
function sequenceLength(byte: number): number {
  if (byte < 0x80) return 1;
  if (byte >= 0xc2 && byte <= 0xdf) return 2;
  if (byte >= 0xe0 && byte <= 0xef) return 3;
  if (byte >= 0xf0 && byte <= 0xf4) return 4;
  return 0;
}

/**
 * The offset of the first byte that is not part of well-formed UTF-8 (Unicode table 3-7: no overlong forms,
 * no surrogates, nothing above U+10FFFF), or -1 when all of `bytes` is well formed. A sequence cut off by the
 * end of `bytes` counts as invalid at its first byte.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    const length = sequenceLength(lead);
    if (length === 0 || i + length > bytes.length) return i;
    if (length > 1) {
      const second = bytes[i + 1]!;
      // The second byte's range depends on the lead byte (overlong forms, surrogates, > U+10FFFF).
      const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
      const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
      if (second < low || second > high) return i;
      for (let k = 2; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    }
    i += length;
  }
  return -1;
}

/**
 * How many leading bytes of `bytes` hold only whole sequences: a block read from a file may end inside a
 * character, whose first bytes must wait for the next block. Invalid bytes are left for isUtf8 to reject.
 */
export function wholeSequencesLength(bytes: Uint8Array): number {
  // A sequence is at most 4 bytes: look back at most 3 bytes for the lead byte of the last one.
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: keep looking for its lead byte
    const length = sequenceLength(byte);
    return length > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

/** A byte as the error shows it: 0xFF. */
export function hexByte(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, "0")}`;
}
