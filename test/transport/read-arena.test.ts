import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRequest, type RemotingCommand } from '../../adapters/remoting/protocol/command.js';
import { encodeFrame, FrameDecoder } from '../../adapters/remoting/protocol/frame.js';
import { ReadArena } from '../../adapters/remoting/transport/read-arena.js';

/** Plays a socket's part: asks the arena for a window, writes up to `n` bytes of `data` into it, reports the read. */
function read(arena: ReadArena, data: Buffer, n: number): number {
  const { buffer, callback } = arena.onread as { buffer: () => Uint8Array; callback: (n: number, b: Uint8Array) => boolean };
  const window = buffer();
  const count = Math.min(n, window.length, data.length);
  window.set(data.subarray(0, count));
  expect(callback(count, window)).toBe(true);
  return count;
}

describe('ReadArena', () => {
  it('places each read right after the previous one, then moves to a fresh arena', () => {
    const arena = new ReadArena(1024, 256);
    const chunks: Buffer[] = [];
    arena.attach((c) => chunks.push(c));
    read(arena, Buffer.alloc(500, 1), 500);
    read(arena, Buffer.alloc(300, 2), 300);
    expect(chunks[1]?.buffer).toBe(chunks[0]?.buffer);
    expect(chunks[1]?.byteOffset).toBe((chunks[0]?.byteOffset ?? 0) + 500);
    // 224 bytes left, fewer than the 256-byte window: the next read goes to a new arena.
    read(arena, Buffer.alloc(100, 3), 100);
    expect(chunks[2]?.buffer).not.toBe(chunks[0]?.buffer);
    // Earlier views are untouched by later reads.
    expect(chunks.map((c) => [c.length, c[0], c[c.length - 1]])).toEqual([[500, 1, 1], [300, 2, 2], [100, 3, 3]]);
  });

  it('keeps reads that come before a sink is attached, in order, and delivers none after detach', () => {
    const arena = new ReadArena(1024, 256);
    read(arena, Buffer.from('ab'), 2);
    read(arena, Buffer.from('cd'), 2);
    const seen: string[] = [];
    arena.attach((c) => seen.push(c.toString()));
    read(arena, Buffer.from('ef'), 2);
    arena.detach();
    read(arena, Buffer.from('gh'), 2);
    expect(seen).toEqual(['ab', 'cd', 'ef']);
  });

  it('rejects a window larger than the arena', () => {
    expect(() => new ReadArena(100, 200)).toThrow(RangeError);
  });

  it('frames read through arenas of any size, in reads of any size, decode to what was sent', () => {
    const command = (i: number, size: number): RemotingCommand => ({ ...createRequest({ code: 310, extFields: { i: String(i) }, body: Buffer.alloc(size, i % 251) }), opaque: i });
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 2000 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 64, max: 4096 }),
        (sizes, readSizes, window) => {
          const sent = sizes.map((size, i) => command(i, size));
          let stream = Buffer.concat(sent.map(encodeFrame));
          const arena = new ReadArena(window * 2, window);
          const decoder = new FrameDecoder();
          const got: RemotingCommand[] = [];
          arena.attach((chunk) => got.push(...decoder.push(chunk)));
          for (let r = 0; stream.length > 0; r++) stream = stream.subarray(read(arena, stream, readSizes[r % readSizes.length] as number));
          expect(got).toEqual(sent);
          expect(decoder.buffered).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});
