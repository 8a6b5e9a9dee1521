/**
 * UTF-8 helpers tuned for the short, mostly ASCII strings of headers: a JS loop beats a native call for those;
 * long or non-ASCII strings go to Buffer's native code.
 */

import { Buffer } from 'node:buffer';

/** Strings up to this length are measured/written in JS. */
const SHORT = 64;

/** The UTF-8 byte length of `s` (lone surrogates count 3, as Buffer writes U+FFFD for them). */
export function utf8Length(s: string): number {
  const n = s.length;
  if (n > SHORT) return Buffer.byteLength(s, 'utf8');
  let bytes = n;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // 4 bytes for 2 UTF-16 units
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** Writes `s` as UTF-8 at `pos` (room already checked by the caller); returns the bytes written. */
export function writeUtf8(target: Buffer, pos: number, s: string): number {
  const n = s.length;
  if (n <= SHORT) {
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      target[pos + i] = c;
    }
    if (i === n) return n;
  }
  return target.write(s, pos, 'utf8');
}

/**
 * Reads bytes `start..end` of `buf` as UTF-8. `latin1` is the same buffer region already read as latin1 text
 * (one char per byte, starting at `latin1Start`): an ASCII run is sliced from it instead of decoded again.
 */
export function readUtf8(buf: Buffer, start: number, end: number, latin1: string, latin1Start: number): string {
  return isAscii(buf, start, end) ? latin1.slice(start - latin1Start, end - latin1Start) : buf.toString('utf8', start, end);
}

/** Whether bytes `start..end` of `buf` are all ASCII (then their UTF-8 and latin1 texts are the same). */
export function isAscii(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if ((buf[i] as number) >= 0x80) return false;
  }
  return true;
}

/**
 * `buf.toString('utf8', start, end)` without its argument handling (Buffer's own `utf8Slice`, which `toString`
 * ends in): the same text, one JS call less per string on hot decode paths.
 */
export function utf8Slice(buf: Buffer, start: number, end: number): string {
  return (buf as unknown as { utf8Slice(start: number, end: number): string }).utf8Slice(start, end);
}

/**
 * `buf.write(text, at, 'utf8')` without its argument handling (Buffer's own `utf8Write`, which `write` ends in):
 * writes as much of `text` as fits from `at` and answers the bytes written.
 */
export function utf8Write(buf: Buffer, text: string, at: number): number {
  return (buf as unknown as { utf8Write(text: string, offset: number): number }).utf8Write(text, at);
}

/** `buf.toString('latin1', start, end)` without its argument handling (Buffer's own `latin1Slice`). */
export function latin1Slice(buf: Buffer, start: number, end: number): string {
  return (buf as unknown as { latin1Slice(start: number, end: number): string }).latin1Slice(start, end);
}

/** ASCII codes of the upper-case hex digits, for ids written as bytes and read with {@link latin1Slice}. */
export const HEX_UPPER: Uint8Array = Uint8Array.from('0123456789ABCDEF', (c) => c.charCodeAt(0));
