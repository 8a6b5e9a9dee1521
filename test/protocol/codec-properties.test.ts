import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeFrame,
  encodeFrame,
  FrameDecoder,
  LANGUAGES,
  ProtocolError,
  type RemotingCommand,
  type SerializeType,
} from '../../adapters/remoting/protocol/index.js';

const int32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
const int16 = fc.integer({ min: -0x8000, max: 0x7fff });
const anyText = fc.string({ unit: 'binary', maxLength: 40 });
const nonEmptyText = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 });
const body = fc.option(fc.uint8Array({ minLength: 1, maxLength: 2048 }).map((a) => Buffer.from(a)), { nil: undefined });
const ext = (text: fc.Arbitrary<string>) =>
  fc.option(fc.dictionary(text, text, { maxKeys: 8, noNullPrototype: true }), { nil: undefined });

/** Commands as each serialization can carry them (binary: int16 code/version, non-empty strings, known ordinals). */
function command(serializeType: SerializeType): fc.Arbitrary<RemotingCommand> {
  const binary = serializeType === 'ROCKETMQ';
  const text = binary ? nonEmptyText : anyText;
  const language = binary
    ? fc.oneof(fc.constantFrom(...LANGUAGES), fc.integer({ min: LANGUAGES.length, max: 255 }).map((n) => `UNKNOWN(${n})`))
    : fc.oneof(fc.constantFrom(...LANGUAGES), anyText);
  return fc.record(
    {
      code: binary ? int16 : int32,
      language,
      version: binary ? int16 : int32,
      opaque: int32,
      flag: int32,
      remark: fc.option(text, { nil: undefined }),
      extFields: binary ? ext(text).map((e) => (e && Object.keys(e).length > 0 ? e : undefined)) : ext(text),
      body,
      serializeType: fc.constant(serializeType),
    },
    { requiredKeys: ['code', 'language', 'version', 'opaque', 'flag', 'serializeType'] },
  );
}

const anyCommand = fc.oneof(command('JSON'), command('ROCKETMQ'));

describe('codec round trips (property-based)', () => {
  it('JSON frames: decode(encode(cmd)) equals cmd, and re-encoding is stable', () => {
    fc.assert(
      fc.property(command('JSON'), (cmd) => {
        const bytes = encodeFrame(cmd);
        const back = decodeFrame(bytes);
        expect(back).toEqual(cmd);
        expect(encodeFrame(back).equals(bytes)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('ROCKETMQ frames: decode(encode(cmd)) equals cmd, and re-encoding is stable', () => {
    fc.assert(
      fc.property(command('ROCKETMQ'), (cmd) => {
        const bytes = encodeFrame(cmd);
        const back = decodeFrame(bytes);
        expect(back).toEqual(cmd);
        expect(encodeFrame(back).equals(bytes)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('binary lengths count UTF-8 bytes', () => {
    fc.assert(
      fc.property(nonEmptyText, nonEmptyText, nonEmptyText, (remark, key, value) => {
        const bytes = encodeFrame({ code: 1, language: 'JAVA', version: 1, opaque: 1, flag: 0, remark,
          extFields: { [key]: value }, serializeType: 'ROCKETMQ' });
        const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');
        expect(bytes.readUInt32BE(4) & 0xffffff).toBe(21 + utf8(remark) + 6 + utf8(key) + utf8(value));
        expect(bytes.readInt32BE(8 + 13)).toBe(utf8(remark));
      }),
    );
  });

  it('any chunking of concatenated frames yields the same commands, nothing left over', () => {
    fc.assert(
      fc.property(
        fc.array(anyCommand, { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.boolean(),
        (cmds, cutSeeds, separate) => {
          const stream = Buffer.concat(cmds.map(encodeFrame));
          const cuts = [...new Set(cutSeeds.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
          const decoder = new FrameDecoder();
          const got: RemotingCommand[] = [];
          let from = 0;
          for (const cut of [...cuts, stream.length]) {
            // Views of one buffer (adjacent chunks: split frames come back as views) or copies (split frames copied).
            const chunk = stream.subarray(from, cut);
            got.push(...decoder.push(separate ? Buffer.from(chunk) : chunk));
            from = cut;
          }
          expect(got).toEqual(cmds);
          expect(decoder.buffered).toBe(0);
          expect(decoder.dead).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('corrupted frames give a ProtocolError or a command, never another exception', () => {
    fc.assert(
      fc.property(
        anyCommand,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        (cmd, flips) => {
          const bytes = Buffer.from(encodeFrame(cmd));
          for (const [pos, byte] of flips) bytes[pos % bytes.length] = byte;
          for (const attempt of [() => decodeFrame(bytes), () => new FrameDecoder().push(bytes)]) {
            try {
              attempt();
            } catch (err) {
              expect(err).toBeInstanceOf(ProtocolError);
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('random bytes give a ProtocolError or commands, never another exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (raw) => {
        const decoder = new FrameDecoder({ maxFrameSize: 1024 });
        try {
          decoder.push(Buffer.from(raw));
        } catch (err) {
          expect(err).toBeInstanceOf(ProtocolError);
          expect(decoder.dead).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
