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
});
