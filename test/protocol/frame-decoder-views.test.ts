import { describe, expect, it } from 'vitest';
import { createRequest } from '../../adapters/remoting/protocol/command.js';
import { encodeFrame, FrameDecoder } from '../../adapters/remoting/protocol/frame.js';

const frame = (body: Buffer): Buffer => encodeFrame({ ...createRequest({ code: 310, extFields: { a: '1' }, body }), opaque: 7 });

describe('FrameDecoder, frames split across chunks', () => {
  it('returns a view when the chunks follow each other in one buffer', () => {
    const bytes = frame(Buffer.alloc(300, 0x61));
    const [whole] = new FrameDecoder().push(bytes);
    const decoder = new FrameDecoder();
    expect(decoder.push(bytes.subarray(0, 100))).toEqual([]);
    const [split] = decoder.push(bytes.subarray(100));
    expect(split).toEqual(whole);
    // The body is read in place: same memory as the caller's bytes.
    expect(split?.body?.buffer).toBe(bytes.buffer);
    expect(split?.body?.byteOffset).toBe(bytes.byteOffset + bytes.length - 300);
  });

  it('copies when the chunks are separate buffers, or not contiguous in one', () => {
    const bytes = frame(Buffer.alloc(300, 0x62));
    const decoder = new FrameDecoder();
    decoder.push(Buffer.from(bytes.subarray(0, 100)));
    const [copied] = decoder.push(Buffer.from(bytes.subarray(100)));
    expect(copied?.body?.equals(Buffer.alloc(300, 0x62))).toBe(true);

    // One backing buffer, but a gap between the two chunks: not one span, so it must not be read as one.
    const spaced = Buffer.alloc(bytes.length + 16, 0xff);
    bytes.copy(spaced, 0, 0, 100);
    bytes.copy(spaced, 116, 100);
    const gapped = new FrameDecoder();
    gapped.push(spaced.subarray(0, 100));
    const [fromGap] = gapped.push(spaced.subarray(116));
    expect(fromGap?.body?.equals(Buffer.alloc(300, 0x62))).toBe(true);
    expect(fromGap?.body?.buffer).not.toBe(spaced.buffer);
  });
});
