import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, FrameDecoder, type RemotingCommand } from '../../adapters/remoting/protocol/index.js';
import { randomChunks, scenarios, seededRandom, type CapturedFrame } from './fixtures.js';

const all = scenarios();

function expectHeaderMatches(cmd: RemotingCommand, f: CapturedFrame, bytes: Buffer): void {
  expect({
    code: cmd.code,
    flag: cmd.flag,
    opaque: cmd.opaque,
    language: cmd.language,
    version: cmd.version,
    remark: cmd.remark,
    extFields: cmd.extFields,
    serializeType: cmd.serializeType,
  }).toEqual({
    code: f.header.code,
    flag: f.header.flag,
    opaque: f.header.opaque,
    language: f.header.language,
    version: f.header.version,
    remark: f.header.remark,
    extFields: f.header.extFields,
    serializeType: f.serialize,
  });
  // extFields keep the frame's entry order (that is what makes re-encoding byte-exact)
  expect(Object.keys(cmd.extFields ?? {})).toEqual(Object.keys(f.header.extFields ?? {}));
  expect([cmd.code, cmd.opaque, cmd.flag]).toEqual([f.code, f.opaque, f.flag]);
  expect(bytes.length).toBe(f.frame_len);
  expect(bytes.readUInt32BE(4) & 0xffffff).toBe(f.header_len);
  expect(cmd.body?.length ?? 0).toBe(f.body_len);
}

describe('golden frames from the 4.9.8 captures', () => {
  it('covers every scenario and all 1023 frames', () => {
    expect(all.map((s) => s.name).sort()).toEqual([
      'acl', 'admin-to-client', 'batch-and-delay', 'json-v1', 'json-v2', 'legacy-route', 'orderly', 'retry',
      'rocketmq-binary', 'rocketmq-v2', 'transaction',
    ]);
    expect(all.reduce((n, s) => n + s.frames.length, 0)).toBe(1023);
  });

  for (const s of all) {
    it(`${s.name}: every frame decodes to index.json's fields and re-encodes to its exact bytes`, () => {
      for (const f of s.frames) {
        const bytes = s.read(f.file);
        const cmd = decodeFrame(bytes);
        expectHeaderMatches(cmd, f, bytes);
        const again = encodeFrame(cmd);
        if (!again.equals(bytes)) expect.fail(`${s.name}/${f.file} re-encodes differently`);
      }
    });

    it(`${s.name}: every stream, in several random chunkings, yields exactly its frames`, () => {
      const random = seededRandom(0x5eed ^ s.name.length);
      for (const stream of s.streams) {
        const bytes = s.read(stream.file);
        const expected = s.frames.filter((f) => f.conn === stream.conn && f.direction === stream.direction);
        const chunkings = [[bytes], ...Array.from({ length: 6 }, () => randomChunks(bytes, random))];
        for (const chunks of chunkings) {
          const decoder = new FrameDecoder();
          const got = chunks.flatMap((c) => decoder.push(c));
          expect(got.length, stream.file).toBe(expected.length);
          got.forEach((cmd, i) => {
            const frame = s.read((expected[i] as CapturedFrame).file);
            if (!encodeFrame(cmd).equals(frame)) expect.fail(`${stream.file} frame ${i} differs`);
          });
          expect(decoder.buffered).toBe(0);
          expect(decoder.dead).toBe(false);
        }
      }
    });
  }
});
