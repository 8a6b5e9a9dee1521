import { describe, expect, it } from 'vitest';
import { createRequest } from '../../adapters/remoting/protocol/command.js';
import { ProtocolError } from '../../adapters/remoting/protocol/errors.js';
import { decodeFrame, encodeFrame } from '../../adapters/remoting/protocol/frame-codec.js';
import { binaryHeaderBound, binaryHeaderSize } from '../../adapters/remoting/protocol/header-binary.js';

const binary = (over: Parameters<typeof createRequest>[0], remark?: string) => ({
  ...createRequest(over),
  opaque: 9,
  serializeType: 'ROCKETMQ' as const,
  ...(remark ? { remark } : {}),
});

describe('frames with a binary header', () => {
  it('encode headers of every size the same way: small ones through the scratch bytes, large ones measured first', () => {
    for (const remark of ['', 'ok', 'é'.repeat(5_000), 'é'.repeat(6_000), 'x'.repeat(40_000), '😀'.repeat(3_000)]) {
      const cmd = binary({ code: 310, extFields: { a: 'é'.repeat(100), bb: 'v' }, body: Buffer.from('body') }, remark);
      const frame = encodeFrame(cmd);
      expect(frame.readUInt32BE(4) & 0xffffff).toBe(binaryHeaderSize(cmd));
      expect(binaryHeaderBound(cmd)).toBeGreaterThanOrEqual(binaryHeaderSize(cmd));
      const back = decodeFrame(frame);
      expect(back.remark ?? '').toBe(remark);
      expect(back.extFields).toEqual({ a: 'é'.repeat(100), bb: 'v' });
      expect(back.body?.toString()).toBe('body');
    }
  });

  it('a header that cannot be written throws and leaves the next frame whole', () => {
    expect(() => encodeFrame(binary({ code: 0x8000, extFields: { k: 'v' } }))).toThrow(ProtocolError);
    const back = decodeFrame(encodeFrame(binary({ code: 1, extFields: { k: 'v' } })));
    expect(back).toMatchObject({ code: 1, opaque: 9, extFields: { k: 'v' } });
  });

  it("decodes a broker's send answers, read in place, to the same extFields whichever way their object is made", () => {
    // The key list of a Java broker's send answer (made by a literal), the same keys in another order and with a key
    // twice (made key by key: the later value wins, in the place of the first), in turn, so that each follows another.
    const lists: [string, string][][] = [
      [['queueId', '1'], ['TRACE_ON', 'true'], ['MSG_REGION', 'DefaultRegion'], ['msgId', '7F00000100002A9F0000000000000001'], ['queueOffset', '42']],
      [['msgId', '7F00000100002A9F0000000000000002'], ['queueId', '2'], ['queueOffset', '43'], ['TRACE_ON', 'true'], ['MSG_REGION', 'DefaultRegion']],
      [['queueId', '3'], ['TRACE_ON', 'true'], ['MSG_REGION', 'DefaultRegion'], ['queueId', '0'], ['queueOffset', '44']],
    ];
    for (let round = 0; round < 3; round++) {
      for (const entries of lists) {
        const frame = encodeFrame({ ...binary({ code: 0 }), flag: 1, extFields: Object.fromEntries(entries) });
        // Encoded from an object, a repeated key cannot be in the frame: write it in by hand for the third list.
        const raw = entries.some(([k], i) => entries.findIndex(([j]) => j === k) !== i) ? withEntries(frame, entries) : frame;
        const expected: Record<string, string> = {};
        for (const [k, v] of entries) expected[k] = v;
        const ext = decodeFrame(Buffer.concat([Buffer.alloc(3), raw]).subarray(3)).extFields!;
        expect(ext).toEqual(expected);
        expect(Object.keys(ext)).toEqual(Object.keys(expected));
      }
    }
  });
});

/** `frame` (a header without remark) with its ext block replaced by `entries`, written as they are. */
function withEntries(frame: Buffer, entries: readonly [string, string][]): Buffer {
  const parts = entries.map(([k, v]) => {
    const entry = Buffer.alloc(6 + k.length + v.length);
    entry.writeInt16BE(k.length, 0);
    entry.write(k, 2, 'latin1');
    entry.writeInt32BE(v.length, 2 + k.length);
    entry.write(v, 6 + k.length, 'latin1');
    return entry;
  });
  const ext = Buffer.concat(parts);
  const head = Buffer.alloc(8 + 17 + 4);
  frame.copy(head, 0, 0, 8 + 17);
  head.writeInt32BE(ext.length, 8 + 17);
  const headerLength = 17 + 4 + ext.length;
  head.writeInt32BE(4 + headerLength, 0);
  head.writeInt32BE((1 << 24) | headerLength, 4);
  return Buffer.concat([head, ext]);
}
