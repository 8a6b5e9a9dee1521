import { describe, expect, it } from 'vitest';
import { createRequest } from '../../adapters/remoting/protocol/command.js';
import { decodeFrame, encodeFrame } from '../../adapters/remoting/protocol/frame-codec.js';
import { frameBytes } from '../../adapters/remoting/protocol/frame-slab.js';

describe('frameBytes', () => {
  it('cuts disjoint, 8-byte aligned views of the requested length, across slabs', () => {
    const cuts = Array.from({ length: 200 }, (_, i) => frameBytes(1 + ((i * 997) % 3000)));
    const spans = new Map<ArrayBufferLike, [number, number][]>();
    cuts.forEach((c, i) => {
      expect(c.length).toBe(1 + ((i * 997) % 3000));
      expect(c.byteOffset % 8).toBe(0);
      const list = spans.get(c.buffer) ?? [];
      for (const [from, to] of list) expect(c.byteOffset >= to || c.byteOffset + c.length <= from).toBe(true);
      list.push([c.byteOffset, c.byteOffset + c.length]);
      spans.set(c.buffer, list);
    });
    expect(spans.size).toBeGreaterThan(1);
  });

  it('gives a frame over 16 KiB bytes of its own', () => {
    const big = frameBytes(16 * 1024 + 1);
    expect(big.length).toBe(16 * 1024 + 1);
    expect(frameBytes(100).buffer).not.toBe(big.buffer);
  });

  it('keeps every frame encoded in a row intact while all are held', () => {
    const frames = Array.from({ length: 300 }, (_, i) =>
      encodeFrame({ ...createRequest({ code: 10 + (i % 7), extFields: { k: String(i) }, body: Buffer.alloc(i * 13, i & 0xff) }), opaque: i }),
    );
    frames.forEach((frame, i) => {
      const cmd = decodeFrame(frame);
      expect([cmd.code, cmd.opaque, cmd.extFields?.['k'], cmd.body?.length ?? 0]).toEqual([10 + (i % 7), i, String(i), i * 13]);
      expect(cmd.body === undefined || cmd.body.every((b) => b === (i & 0xff))).toBe(true);
    });
  });
});
