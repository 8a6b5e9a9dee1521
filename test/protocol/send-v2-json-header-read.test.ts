import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRequest, type RemotingCommand } from '../../adapters/remoting/protocol/command.js';
import { decodeFrame, encodeFrame } from '../../adapters/remoting/protocol/frame-codec.js';
import { decodeJsonHeader } from '../../adapters/remoting/protocol/header-json.js';
import { encodeSendMessageV2Fast } from '../../adapters/remoting/protocol/headers/send-message-v2.js';
import type { SendMessageRequestHeader } from '../../adapters/remoting/protocol/headers/send-message.js';
import { learnSendV2JsonHeader, readSendV2JsonHeader } from '../../adapters/remoting/protocol/send-v2-json-header-read.js';
import { int32, sendHeader as header } from './send-header-arbitraries.js';


function sendFrame(h: SendMessageRequestHeader, code: number, opaque: number): Buffer {
  return encodeFrame({ ...createRequest({ code, extFields: encodeSendMessageV2Fast(h), body: Buffer.from('body') }), opaque });
}

/** The header of a frame, decoded the general way (JSON.parse), as the reference. */
function generalHeader(frame: Buffer): ReturnType<typeof decodeJsonHeader> {
  return decodeJsonHeader(frame.subarray(8, 8 + frame.readInt32BE(4)));
}

function withoutBody(cmd: RemotingCommand): Omit<RemotingCommand, 'body' | 'serializeType'> {
  const { body: _body, serializeType: _type, ...rest } = cmd;
  return rest;
}

describe('readSendV2JsonHeader', () => {
  it('decodes what the general decoder decodes, send after send, template or not', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(header, fc.constantFrom(310, 320), int32), { minLength: 1, maxLength: 5 }), (sends) => {
        for (const [h, code, opaque] of sends) {
          // Three sends of each: the first decoded the general way (and learned from), the others from the template.
          for (let n = 0; n < 3; n++) {
            const frame = sendFrame({ ...h, queueId: (h.queueId + n) | 0, bornTimestamp: h.bornTimestamp + n, properties: h.properties + 'x'.repeat(n), flag: (h.flag + n) | 0 }, code, (opaque + n) | 0);
            expect(withoutBody(decodeFrame(frame))).toEqual(generalHeader(frame));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  const producer: SendMessageRequestHeader = {
    producerGroup: 'PG', topic: 'T', defaultTopic: 'TBW102', defaultTopicQueueNums: 4, queueId: 1, sysFlag: 0, bornTimestamp: 1732500000000,
    flag: 0, properties: 'TAGS\u0001TagA\u0002UNIQ_KEY\u00017F00000100002A9F0000000000000001\u0002WAIT\u0001true', reconsumeTimes: 0,
    unitMode: false, batch: false, bname: 'broker-a',
  };

  it('reads a producer\'s next sends from the template learned from its first', () => {
    const first = sendFrame(producer, 310, 1);
    expect(readSendV2JsonHeader(first, 8, 8 + first.readInt32BE(4))).toBeUndefined();
    decodeFrame(first); // learns
    for (let n = 2; n < 6; n++) {
      const next = sendFrame({ ...producer, queueId: n & 3, bornTimestamp: producer.bornTimestamp + n, properties: `${producer.properties}\u0002K\u0001${n}` }, 310, n);
      const read = readSendV2JsonHeader(next, 8, 8 + next.readInt32BE(4));
      expect(read).toBeDefined();
      expect(read).toEqual(generalHeader(next));
    }
  });

  it('declines a header whose bytes differ anywhere from what its template expects; the frame still decodes', () => {
    const first = sendFrame(producer, 310, 1);
    decodeFrame(first);
    const next = sendFrame({ ...producer, queueId: 2 }, 310, 2);
    const headerEnd = 8 + next.readInt32BE(4);
    fc.assert(
      fc.property(fc.integer({ min: 8, max: headerEnd - 1 }), fc.integer({ min: 0x20, max: 0x7e }), (at, byte) => {
        const changed = Buffer.from(next);
        changed[at] = byte;
        let reference: ReturnType<typeof decodeJsonHeader> | undefined;
        try {
          reference = generalHeader(changed);
        } catch {
          reference = undefined;
        }
        const read = readSendV2JsonHeader(changed, 8, headerEnd);
        // Either the template declines, or it reads exactly what the general decoder reads from the changed bytes.
        if (read !== undefined) expect(read).toEqual(reference);
        if (reference === undefined) expect(() => decodeFrame(changed)).toThrow();
        else expect(withoutBody(decodeFrame(changed))).toEqual(reference);
      }),
      { numRuns: 500 },
    );
  });

  it('a header the template cannot read does not cost its producer the template', () => {
    const odd = { ...producer, producerGroup: 'PG-odd', properties: 'K\u0001a "quoted" value' };
    const plain = { ...producer, producerGroup: 'PG-odd' };
    const read = (h: SendMessageRequestHeader, opaque: number) => {
      const frame = sendFrame(h, 310, opaque);
      const viaTemplate = readSendV2JsonHeader(frame, 8, 8 + frame.readInt32BE(4)) !== undefined;
      expect(withoutBody(decodeFrame(frame))).toEqual(generalHeader(frame));
      return viaTemplate;
    };
    // First an odd one (nothing learned), then plain ones (learned from the first, read by template after it).
    expect([read(odd, 1), read(plain, 2), read(plain, 3)]).toEqual([false, false, true]);
    // An odd one among them goes the general way; the template stays for the next.
    expect([read(odd, 4), read(plain, 5)]).toEqual([false, true]);
  });

  it('does not keep a template for a sender that writes the same header differently', () => {
    // The same fields, but a space after "flag": the lead matches a template's, the rest never would.
    const json = '{"code":310,"extFields":{"a":"PG2","b":"T","c":"TBW102","d":"4","e":"1","f":"0","g":"1","h":"0","i":"p","j":"0","k":"false","m":"false","n":"b"},"flag": 0,"language":"JAVA","opaque":1,"serializeTypeCurrentRPC":"JSON","version":401}';
    const bytes = Buffer.from(json, 'latin1');
    const frame = Buffer.concat([Buffer.alloc(8), bytes]);
    frame.writeInt32BE(4 + bytes.length, 0);
    frame.writeInt32BE(bytes.length, 4);
    const decoded = decodeFrame(frame); // learns from it, as decodeFrame does
    learnSendV2JsonHeader(frame, 8, 8 + bytes.length, decoded, Buffer.alloc(16 * 1024));
    expect(readSendV2JsonHeader(frame, 8, 8 + bytes.length)).toBeUndefined();
    expect(withoutBody(decodeFrame(frame))).toEqual(generalHeader(frame));
    // Its lead is marked: the same header written the usual way is decoded the general way too, and right.
    const usual = sendFrame({ ...producer, producerGroup: 'PG2', bname: 'b', properties: 'p', queueId: 1, bornTimestamp: 1 }, 310, 1);
    decodeFrame(usual);
    expect(readSendV2JsonHeader(usual, 8, 8 + usual.readInt32BE(4))).toBeUndefined();
    expect(withoutBody(decodeFrame(usual))).toEqual(generalHeader(usual));
  });
});
