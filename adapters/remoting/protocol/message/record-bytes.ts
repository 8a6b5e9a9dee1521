/**
 * Big-endian reads for the decoder's hot path, once a record's bounds were checked: plain byte loads instead of
 * Buffer's validating readers. Outside checked bounds they read `undefined` bytes as 0 rather than throwing.
 */

export function i16(b: Buffer, o: number): number {
  return ((((b[o] as number) << 8) | (b[o + 1] as number)) << 16) >> 16;
}

export function i32(b: Buffer, o: number): number {
  return ((b[o] as number) << 24) | ((b[o + 1] as number) << 16) | ((b[o + 2] as number) << 8) | (b[o + 3] as number);
}

/** A signed 64-bit value as a number (exact below 2^53, as offsets and timestamps are; see `int64.ts`). */
export function i64(b: Buffer, o: number): number {
  return i32(b, o) * 4294967296 + (i32(b, o + 4) >>> 0);
}
