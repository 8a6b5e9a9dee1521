import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRequest, type RemotingCommand } from '../../adapters/remoting/protocol/command.js';
import { decodeFrame, encodeFrame } from '../../adapters/remoting/protocol/frame-codec.js';
import { jsonHeaderText } from '../../adapters/remoting/protocol/header-json.js';
import { encodeSendMessageV2Fast } from '../../adapters/remoting/protocol/headers/send-message-v2.js';
import type { SendMessageRequestHeader } from '../../adapters/remoting/protocol/headers/send-message.js';
import { writeSendV2JsonHeader } from '../../adapters/remoting/protocol/send-v2-json-header.js';
import { int32, sendHeader as header, text } from './send-header-arbitraries.js';

const command = fc.record({
  code: fc.constantFrom(310, 320),
  flag: fc.constantFrom(0, 1, 2),
  version: fc.constantFrom(317, 395, 0),
  language: fc.constantFrom('JAVA', 'NODE'),
  opaque: int32,
  remark: fc.option(text, { nil: undefined }),
  body: fc.option(fc.uint8Array({ maxLength: 64 }), { nil: undefined }),
});

/** The frame as the general JSON path writes it: the header text's UTF-8 bytes between the prefix and the body. */
function generalFrame(cmd: RemotingCommand): Buffer {
  const headerBytes = Buffer.from(jsonHeaderText(cmd), 'utf8');
  const body = cmd.body ?? Buffer.alloc(0);
  const prefix = Buffer.alloc(8);
  prefix.writeInt32BE(4 + headerBytes.length + body.length, 0);
  prefix.writeInt32BE(headerBytes.length, 4);
  return Buffer.concat([prefix, headerBytes, body]);
}

function sendCommand(h: SendMessageRequestHeader, c: { code: number; flag: number; version: number; language: string; opaque: number; remark?: string; body?: Uint8Array }): RemotingCommand {
  const cmd = { ...createRequest({ code: c.code, extFields: encodeSendMessageV2Fast(h), ...(c.body ? { body: Buffer.from(c.body) } : {}) }), flag: c.flag, version: c.version, opaque: c.opaque };
  return { ...cmd, language: c.language as RemotingCommand['language'], ...(c.remark === undefined ? {} : { remark: c.remark }) };
}

const scratch = Buffer.alloc(16 * 1024);

describe('writeSendV2JsonHeader', () => {
  it('writes the bytes of the header text, or declines; the frame is the same either way', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(header, command), { minLength: 1, maxLength: 6 }), fc.nat(), (sends, repeat) => {
        // Send-like runs: each header a few times with only the queue, timestamp, properties and opaque changing.
        for (const [h, c] of sends) {
          for (let n = 0; n <= repeat % 3; n++) {
            const cmd = sendCommand({ ...h, queueId: (h.queueId + n) | 0, bornTimestamp: h.bornTimestamp + n, properties: h.properties + 'x'.repeat(n) }, { ...c, opaque: (c.opaque + n) | 0 });
            const written = writeSendV2JsonHeader(cmd, scratch);
            const expected = Buffer.from(jsonHeaderText(cmd), 'utf8');
            if (written >= 0) expect(scratch.subarray(0, written).equals(expected)).toBe(true);
            expect(encodeFrame(cmd).equals(generalFrame(cmd))).toBe(true);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  const producerHeader: SendMessageRequestHeader = {
    producerGroup: 'PG', topic: 'T', defaultTopic: 'TBW102', defaultTopicQueueNums: 4, queueId: 1, sysFlag: 0, bornTimestamp: 1732500000000,
    flag: 0, properties: 'TAGS\u0001TagA\u0002UNIQ_KEY\u00017F00000100002A9F0000000000000001\u0002WAIT\u0001true', reconsumeTimes: 0,
    unitMode: false, batch: false, bname: 'broker-a',
  };
  const plain = { code: 310, flag: 0, version: 395, language: 'JAVA', opaque: 7 };

  it('takes a producer\'s send and its batch, with an int32 opaque at both ends', () => {
    for (const opaque of [0, 7, 0x7fffffff, -1, -0x80000000]) {
      for (const code of [310, 320]) {
        const cmd = sendCommand(producerHeader, { ...plain, code, opaque });
        const written = writeSendV2JsonHeader(cmd, scratch);
        expect(written).toBeGreaterThan(0);
        expect(scratch.toString('utf8', 0, written)).toBe(jsonHeaderText(cmd));
        expect(decodeFrame(encodeFrame(cmd)).extFields).toEqual(cmd.extFields);
      }
    }
  });

  it('makes a new template when any value it keeps changes', () => {
    const variants: [Partial<SendMessageRequestHeader>, Partial<typeof plain>][] = [
      [{ producerGroup: 'PG2' }, {}], [{ topic: 'T2' }, {}], [{ defaultTopic: 'X' }, {}], [{ defaultTopicQueueNums: 8 }, {}],
      [{ sysFlag: 1 }, {}], [{ flag: 2 }, {}], [{ reconsumeTimes: 3 }, {}], [{ unitMode: true }, {}], [{ maxReconsumeTimes: 16 }, {}],
      [{ batch: true }, {}], [{ bname: 'broker-b' }, {}],
      [{}, { code: 320 }], [{}, { flag: 1 }], [{}, { version: 317 }], [{}, { language: 'NODE' }],
    ];
    for (const [h, c] of variants) {
      for (const [hh, cc] of [[producerHeader, plain], [{ ...producerHeader, ...h }, { ...plain, ...c }], [producerHeader, plain]] as const) {
        const cmd = sendCommand(hh, cc);
        const written = writeSendV2JsonHeader(cmd, scratch);
        expect(written).toBeGreaterThan(0);
        expect(scratch.toString('utf8', 0, written)).toBe(jsonHeaderText(cmd));
      }
    }
  });

  it('declines what its template does not cover, and the frame comes out right the general way', () => {
    const declined: RemotingCommand[] = [
      sendCommand({ ...producerHeader, properties: 'K\u0001a "quoted" value' }, plain),
      sendCommand({ ...producerHeader, properties: 'K\u0001back\\slash' }, plain),
      sendCommand({ ...producerHeader, properties: 'K\u0001line\nbreak' }, plain),
      sendCommand({ ...producerHeader, properties: 'K\u0001café' }, plain),
      sendCommand({ ...producerHeader, properties: 'K\u0001' + 'v'.repeat(3000) }, plain),
      sendCommand(producerHeader, { ...plain, remark: 'r' }),
      sendCommand(producerHeader, { ...plain, code: 10 }),
      { ...sendCommand(producerHeader, plain), extFields: { ...encodeSendMessageV2Fast(producerHeader), z: 'extra' } },
      { ...sendCommand(producerHeader, plain), extFields: { ...encodeSendMessageV2Fast(producerHeader), e: 1 as unknown as string } },
      // Changing values other than the properties that JSON must escape, or that are not ASCII, or too long.
      { ...sendCommand(producerHeader, plain), extFields: { ...encodeSendMessageV2Fast(producerHeader), e: 'a"b' } },
      { ...sendCommand(producerHeader, plain), extFields: { ...encodeSendMessageV2Fast(producerHeader), f: 'back\\slash' } },
      { ...sendCommand(producerHeader, plain), extFields: { ...encodeSendMessageV2Fast(producerHeader), h: 'é' } },
      { ...sendCommand(producerHeader, plain), extFields: { ...encodeSendMessageV2Fast(producerHeader), j: '\n' } },
      { ...sendCommand(producerHeader, plain), extFields: { ...encodeSendMessageV2Fast(producerHeader), g: '1'.repeat(17) } },
    ];
    for (const cmd of declined) {
      expect(writeSendV2JsonHeader(cmd, scratch)).toBe(-1);
      expect(encodeFrame(cmd).equals(generalFrame(cmd))).toBe(true);
    }
  });

  it('declines a number that is not an int32, and the general path throws its typed error', () => {
    const cmd = { ...sendCommand(producerHeader, plain), opaque: 2 ** 31 };
    expect(writeSendV2JsonHeader(cmd, scratch)).toBe(-1);
    expect(() => encodeFrame(cmd)).toThrow(expect.objectContaining({ kind: 'invalid-header-field' }));
  });
});
