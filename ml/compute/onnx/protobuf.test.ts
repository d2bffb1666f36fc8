import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ProtoWriter } from "./protobuf.ts";

describe("ProtoWriter", () => {
  it("writes varints, negative int64 as ten bytes, floats, strings and nested messages", () => {
    const bytes = new ProtoWriter()
      .int(1, 300) // tag 0x08, varint 300 = ac 02
      .int(2, -1) // tag 0x10, ten bytes
      .float(3, 1.5) // tag 0x1d, 00 00 c0 3f
      .string(4, "hé") // tag 0x22, length 3
      .message(5, new ProtoWriter().int(1, 7)) // tag 0x2a, length 2, 08 07
      .packedInts(6, [1, 128]) // tag 0x32, length 3, 01 80 01
      .finish();
    assert.deepEqual(
      [...bytes],
      [0x08, 0xac, 0x02, 0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x1d, 0x00, 0x00, 0xc0, 0x3f,
        0x22, 0x03, 0x68, 0xc3, 0xa9, 0x2a, 0x02, 0x08, 0x07, 0x32, 0x03, 0x01, 0x80, 0x01],
    );
  });
});
