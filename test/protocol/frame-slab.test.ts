import { describe, expect, it, vi } from 'vitest';
import { createRequest } from '../../adapters/remoting/protocol/command.js';
import { decodeFrame, encodeFrame } from '../../adapters/remoting/protocol/frame-codec.js';
import { encodeFrameInSlab, encodeFrameUnder } from '../../adapters/remoting/protocol/frame-codec.js';
import { cutMemory, cutStart, frameBytes, roomFor, roomStart, takeRoom } from '../../adapters/remoting/protocol/frame-slab.js';
import { SendV2Command } from '../../adapters/remoting/protocol/send-v2-command.js';
import { requestFrame } from '../../adapters/remoting/transport/outbound.js';

describe('frameBytes', () => {
  it('cuts disjoint views of the requested length, back to back within a slab, across slabs', () => {
    const cuts = Array.from({ length: 200 }, (_, i) => frameBytes(1 + ((i * 997) % 3000)));
    const spans = new Map<ArrayBufferLike, [number, number][]>();
    cuts.forEach((c, i) => {
      expect(c.length).toBe(1 + ((i * 997) % 3000));
      const previous = cuts[i - 1];
      // The frames of a tick lie in one span of memory, which the connection writes as one chunk.
      if (previous !== undefined && previous.buffer === c.buffer) expect(c.byteOffset).toBe(previous.byteOffset + previous.length);
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

  it('cuts frames written in place, disjoint from the cuts before and after them', () => {
    const spans = new Map<ArrayBufferLike, [number, number][]>();
    const keep = (c: Buffer) => {
      const list = spans.get(c.buffer) ?? [];
      for (const [from, to] of list) expect(c.byteOffset >= to || c.byteOffset + c.length <= from).toBe(true);
      list.push([c.byteOffset, c.byteOffset + c.length]);
      spans.set(c.buffer, list);
    };
    for (let i = 0; i < 200; i++) {
      keep(frameBytes(1 + ((i * 389) % 2000)));
      const room = 1 + ((i * 997) % 6000);
      const slab = roomFor(room);
      const start = roomStart();
      expect(slab.length - start).toBeGreaterThanOrEqual(room);
      slab.fill(i & 0xff, start, start + room);
      keep(takeRoom(1 + ((i * 31) % room)));
    }
    expect(spans.size).toBeGreaterThan(1);
  });

  it('keeps sends framed in place intact while all are held, between other frames', () => {
    const defaults = { serializeType: 'JSON' as const, language: 'JAVA', version: 395 };
    const frames = Array.from({ length: 300 }, (_, i) => {
      const fields = {
        producerGroup: 'PG', topic: 'T', defaultTopic: 'TBW102', defaultTopicQueueNums: 4, queueId: i & 3, sysFlag: 0, bornTimestamp: 1732500000000 + i,
        flag: 0, properties: { K: 'v'.repeat(1 + i * 7) }, brokerName: 'broker-a',
      };
      const send = encodeFrameUnder(new SendV2Command(310, defaults, fields, Buffer.alloc(i * 41, i & 0xff), { order: 'java' }), i, 0);
      return [send, encodeFrame({ ...createRequest({ code: 11, extFields: { k: String(i) } }), opaque: -i })] as const;
    });
    frames.forEach(([send, other], i) => {
      const cmd = decodeFrame(send);
      expect([cmd.opaque, cmd.extFields?.['e'], cmd.extFields?.['i']?.length, cmd.body?.length ?? 0]).toEqual([i, String(i & 3), 3 + i * 7, i * 41]);
      expect(cmd.body === undefined || cmd.body.every((b) => b === (i & 0xff))).toBe(true);
      expect(decodeFrame(other).extFields?.['k']).toBe(String(i));
    });
  });

  it('frames a send in place without a Buffer: the same bytes, at the slab\'s last cut, back to back', () => {
    const defaults = { serializeType: 'JSON' as const, language: 'JAVA', version: 395 };
    const fields = (i: number) => ({
      producerGroup: 'PG', topic: 'T', defaultTopic: 'TBW102', defaultTopicQueueNums: 4, queueId: i & 3, sysFlag: 0, bornTimestamp: 1732500000000 + i,
      flag: 0, properties: { K: 'v' }, brokerName: 'broker-a',
    });
    const cuts: { memory: ArrayBufferLike; start: number; length: number; body: Buffer }[] = [];
    for (let i = 0; i < 100; i++) {
      const body = Buffer.alloc(100 + i, i);
      const length = encodeFrameInSlab(new SendV2Command(310, defaults, fields(i), body, { order: 'java' }), i, 0);
      expect(length).toBeGreaterThan(0);
      const previous = cuts[cuts.length - 1];
      // Back to back within a slab (a new slab starts over).
      if (previous !== undefined && previous.memory === cutMemory) expect(cutStart).toBe(previous.start + previous.length);
      cuts.push({ memory: cutMemory, start: cutStart, length, body });
    }
    expect(new Set(cuts.map((c) => c.memory)).size).toBeGreaterThan(1);
    cuts.forEach(({ memory, start, length, body }, i) => {
      const expected = encodeFrame(new SendV2Command(310, defaults, fields(i), body, { order: 'java' }).plain(i, 0));
      expect(Buffer.from(memory, start, length).equals(expected), `frame ${i}`).toBe(true);
    });
    // A send with the binary header is framed in place too; any other command is not.
    const binary = () => new SendV2Command(310, { ...defaults, serializeType: 'ROCKETMQ' }, fields(0), Buffer.alloc(10), { order: 'declaration' });
    const length = encodeFrameInSlab(binary(), 1, 0);
    expect(Buffer.from(cutMemory, cutStart, length).equals(encodeFrame(binary().plain(1, 0)))).toBe(true);
    expect(encodeFrameInSlab(createRequest({ code: 11 }), 1, 0)).toBe(-1);
  });

  it('tries a send\'s header writer once per frame: a send it declines is framed apart, not offered the slab again', () => {
    const defaults = { serializeType: 'JSON' as const, language: 'JAVA', version: 395 };
    const fields = {
      producerGroup: 'PG', topic: 'T', defaultTopic: 'TBW102', defaultTopicQueueNums: 4, queueId: 1, sysFlag: 0, bornTimestamp: 1732500000000,
      flag: 0, properties: { K: 'non-ASCII é' }, brokerName: 'broker-a',
    };
    const body = Buffer.alloc(64, 7);
    const write = vi.spyOn(SendV2Command.prototype, 'writeHeader');
    try {
      const ways = [(c: SendV2Command) => requestFrame(c, 9), (c: SendV2Command) => encodeFrameUnder(c, 9, 0)];
      for (const frameOf of ways) {
        write.mockClear();
        const frame = frameOf(new SendV2Command(310, defaults, fields, body, { order: 'java' }));
        expect(write).toHaveBeenCalledTimes(1);
        expect(write.mock.results[0]!.value).toBe(-1);
        expect(Buffer.isBuffer(frame) && frame.equals(encodeFrame(new SendV2Command(310, defaults, fields, body, { order: 'java' }).plain(9, 0)))).toBe(true);
      }
    } finally {
      write.mockRestore();
    }
  });
});
