/**
 * Signed 64-bit big-endian integers as JS numbers. RocketMQ offsets and timestamps stay far below 2^53, so a
 * number is exact and much cheaper than a BigInt; values outside ±2^53 lose precision (documented, not checked).
 */
const TWO_32 = 4294967296;

export function readInt64(buf: Buffer, at: number): number {
  return buf.readInt32BE(at) * TWO_32 + buf.readUInt32BE(at + 4);
}

export function writeInt64(buf: Buffer, value: number, at: number): void {
  buf.writeInt32BE(Math.floor(value / TWO_32) | 0, at);
  buf.writeUInt32BE(value >>> 0, at + 4);
}
