// A PNG encoder for the site's pictures (the spectrograms): 8-bit indexed colour, one palette of up to 256
// colours, rows deflated by node's zlib. Indexed colour suits a picture drawn through a colour map: one byte per
// pixel instead of three, which also compresses better.
import { deflateSync } from "node:zlib";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let crcTable: Uint32Array | undefined;

/** CRC-32 (ISO 3309, as PNG chunks use it) of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

export interface IndexedImage {
  width: number;
  height: number;
  /** Colour index of each pixel, row by row from the top. */
  pixels: Uint8Array;
  /** r, g, b of each colour index. */
  palette: Uint8Array;
}

/** The PNG file of an indexed-colour image. */
export function encodeIndexedPng({ width, height, pixels, palette }: IndexedImage): Buffer {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`PNG size ${width} x ${height}: both must be positive integers`);
  }
  if (pixels.length !== width * height) throw new RangeError(`PNG of ${width} x ${height} needs ${width * height} pixels, got ${pixels.length}`);
  const colours = palette.length / 3;
  if (!Number.isInteger(colours) || colours < 1 || colours > 256) throw new RangeError(`PNG palette of ${palette.length} bytes: expected 3 per colour, 1 to 256 colours`);

  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per index
  header[9] = 3; // indexed colour
  // compression, filter method, interlace: all 0 (deflate, adaptive filtering, none)

  // Each row: filter type 0 (None) then its indices. Neighbouring spectrogram cells are alike, which deflate
  // finds without a prediction filter.
  const rows = Buffer.alloc(height * (width + 1));
  for (let y = 0; y < height; y++) rows.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);

  return Buffer.concat([
    SIGNATURE,
    chunk("IHDR", header),
    chunk("PLTE", palette),
    chunk("IDAT", deflateSync(rows, { level: 9 })),
    chunk("IEND", new Uint8Array(0)),
  ]);
}
