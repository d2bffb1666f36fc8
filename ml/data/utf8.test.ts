import assert from "node:assert/strict";
import { test } from "node:test";
import { firstInvalidUtf8, isUtf8, wholeSequencesLength } from "./utf8.ts";

const bytes = (...values: number[]) => Uint8Array.from(values);

test("firstInvalidUtf8 agrees with isUtf8 and points at the first bad byte", () => {
  const cases: [Uint8Array, number][] = [
    [Buffer.from("plain ASCII"), -1],
    [Buffer.from("한국어 😀 text"), -1],
    [bytes(0x41, 0xff, 0x41), 1], // never valid
    [bytes(0x41, 0x80), 1], // a continuation byte alone
    [bytes(0xc0, 0xaf), 0], // overlong "/"
    [bytes(0xe0, 0x80, 0xaf), 0], // overlong three-byte form
    [bytes(0xed, 0xa0, 0x80), 0], // a UTF-16 surrogate encoded
    [bytes(0xf4, 0x90, 0x80, 0x80), 0], // above U+10FFFF
    [bytes(0x41, 0xea, 0xb0), 1], // cut off by the end
    [bytes(0xea, 0x41, 0x80), 0], // lead byte without its continuation
    [bytes(0xf0, 0x9f, 0x98, 0x80, 0xe2), 4],
  ];
  for (const [input, expected] of cases) {
    assert.equal(firstInvalidUtf8(input), expected, Buffer.from(input).toString("hex"));
    assert.equal(isUtf8(input), expected === -1, Buffer.from(input).toString("hex"));
  }
});

test("wholeSequencesLength holds back a character cut by the end of a block, and only that", () => {
  const emoji = Buffer.from("😀"); // f0 9f 98 80
  assert.equal(wholeSequencesLength(Buffer.concat([Buffer.from("ab"), emoji])), 6);
  for (let cut = 1; cut < 4; cut++) assert.equal(wholeSequencesLength(Buffer.concat([Buffer.from("ab"), emoji.subarray(0, cut)])), 2);
  assert.equal(wholeSequencesLength(Buffer.from("abc")), 3);
  assert.equal(wholeSequencesLength(bytes(0x41, 0xff)), 2); // invalid bytes are left for the validator
  assert.equal(wholeSequencesLength(bytes()), 0);
});
