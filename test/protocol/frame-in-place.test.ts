import { describe, expect, it } from 'vitest';
import { createRequest, type RemotingCommand } from '../../adapters/remoting/protocol/command.js';
import { decodeFrame, decodeFrameIn, encodeFrame } from '../../adapters/remoting/protocol/frame-codec.js';
import { FrameDecoder } from '../../adapters/remoting/protocol/frame-decoder.js';

/** `frame` between other bytes, as it lies in a read: the buffer and where the frame starts and ends in it. */
function embedded(frame: Buffer): { buf: Buffer; at: number; end: number } {
  const buf = Buffer.concat([Buffer.from('leading bytes'), frame, Buffer.from('{"trailing":"bytes"}')]);
  return { buf, at: 13, end: 13 + frame.length };
}

const commands: RemotingCommand[] = [
  { ...createRequest({ code: 310, extFields: { a: 'PG', b: 'T' }, body: Buffer.from('body') }), opaque: 7 },
  { ...createRequest({ code: 34 }), opaque: 8 },
  { ...createRequest({ code: 11, extFields: { k: 'v' }, serializeType: 'ROCKETMQ', body: Buffer.from('binary') }), opaque: 9 },
  { code: 0, language: 'JAVA', version: 409, opaque: 10, flag: 1, serializeType: 'JSON', remark: 'FOUND', extFields: { suggestWhichBrokerId: '0', nextBeginOffset: '5', maxOffset: '5', minOffset: '0' }, body: Buffer.alloc(40, 1) },
];

describe('decodeFrameIn', () => {
  it('decodes a frame where it lies in a larger buffer as decodeFrame decodes it alone', () => {
    for (const cmd of commands) {
      const frame = encodeFrame(cmd);
      const { buf, at, end } = embedded(frame);
      // Twice: the second read of a JSON header goes by its learned shape.
      for (let n = 0; n < 2; n++) expect(decodeFrameIn(buf, at, end)).toEqual(decodeFrame(frame));
      const body = decodeFrameIn(buf, at, end).body;
      if (body !== undefined) expect(body.buffer).toBe(buf.buffer);
    }
  });

  it('refuses a header that runs past its frame, though the buffer holds more bytes', () => {
    const frame = encodeFrame({ ...createRequest({ code: 34, extFields: { k: 'v' } }), opaque: 1 });
    const { buf, at, end } = embedded(frame);
    buf.writeUInt32BE(frame.length - 8 + 1, at + 4);
    expect(() => decodeFrameIn(buf, at, end)).toThrow(expect.objectContaining({ kind: 'header-length-invalid' }));
  });

  it('is what the decoder uses for a frame inside one chunk: the same commands as one frame per push', () => {
    const frames = commands.map((cmd) => encodeFrame(cmd));
    const all = new FrameDecoder().push(Buffer.concat(frames));
    expect(all).toEqual(frames.map((frame) => decodeFrame(frame)));
  });
});
