/**
 * A deliberately tiny, independent frame splitter for tests of body codecs:
 * `LENGTH int32 | serializeType(1) headerLength(3) | header | body`, LENGTH counting everything after itself.
 */
export interface RawFrame {
  length: number;
  serializeType: number;
  header: Buffer;
  body: Buffer;
}

export function splitFrame(frame: Buffer): RawFrame {
  const length = frame.readInt32BE(0);
  const word = frame.readUInt32BE(4);
  const headerLength = word & 0xffffff;
  if (length + 4 !== frame.length) throw new Error(`frame length ${length} + 4 != ${frame.length}`);
  return { length, serializeType: word >>> 24, header: frame.subarray(8, 8 + headerLength), body: frame.subarray(8 + headerLength) };
}
