import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, encodeFrameUnder } from '../../adapters/remoting/protocol/frame-codec.js';
import { SendV2Command, type CommandDefaults } from '../../adapters/remoting/protocol/send-v2-command.js';
import type { SendV2Fields } from '../../adapters/remoting/protocol/send-v2-json-direct.js';
import { body, generalCommand, nextSend, producerFields } from './send-v2-fixtures.js';

const BINARY: CommandDefaults = { serializeType: 'ROCKETMQ', language: 'JAVA', version: 395 };
const ORDER = { order: 'declaration' as const };
const scratch = Buffer.alloc(16 * 1024);


/** The binary header `SendV2Command` writes straight from `f` under `opaque` (its end offset in {@link scratch}, or -1). */
function direct(f: SendV2Fields, opaque: number, code = 310): number {
  return new SendV2Command(code, BINARY, f, body, ORDER).writeBinaryHeader(opaque, 0, scratch, 0, scratch.length);
}

/** The binary header the general path writes for `f` under `opaque`. */
function general(f: SendV2Fields, opaque: number, code = 310): Buffer {
  const frame = encodeFrame(generalCommand(f, code, BINARY, opaque, 0, body, ORDER));
  return frame.subarray(8, 8 + (frame.readInt32BE(4) & 0xffffff));
}

describe('binary send headers written straight from the fields', () => {
  it('writes the general path bytes send after send, patched or in full', () => {
    const base = { ...producerFields, topic: 'BinaryT1' };
    for (let n = 0; n < 40; n++) {
      // Now and then a property of another length: a full write, which the sends after it patch again.
      const f = n % 10 === 7 ? nextSend(base, n, { properties: { ...nextSend(base, n).properties, TAGS: `Tag${n}` } }) : nextSend(base, n);
      const end = direct(f, n * 7919);
      expect(end, `send ${n}`).toBeGreaterThan(0);
      expect(scratch.subarray(0, end).equals(general(f, n * 7919)), `send ${n}`).toBe(true);
    }
  });

  it('writes batch headers, and keeps the templates of two brokers and two codes apart', () => {
    const base = { ...producerFields, topic: 'BinaryT2' };
    for (let n = 0; n < 12; n++) {
      const f = nextSend(base, n, { brokerName: n % 2 === 0 ? 'broker-a' : 'broker-b', maxReconsumeTimes: n < 6 ? undefined : 16 });
      const code = n % 3 === 0 ? 320 : 310;
      const end = direct(f, n, code);
      expect(end, `send ${n}`).toBeGreaterThan(0);
      expect(scratch.subarray(0, end).equals(general(f, n, code)), `send ${n}`).toBe(true);
    }
  });

  it('frames a send that a broker decodes to the fields the general path sends', () => {
    const f = nextSend({ ...producerFields, topic: 'BinaryT3' }, 3);
    const frame = encodeFrameUnder(new SendV2Command(310, BINARY, f, body, ORDER), 42, 0);
    const decoded = decodeFrame(frame);
    expect(decoded.extFields).toEqual(generalCommand(f, 310, BINARY, 42, 0, body, ORDER).extFields);
    expect(decoded.opaque).toBe(42);
    expect(decoded.body?.equals(body)).toBe(true);
  });

  it('declines what the general path might write differently, which then frames it', () => {
    const base = { ...producerFields, topic: 'BinaryT4' };
    const declined: SendV2Fields[] = [
      { ...base, properties: {} },
      { ...base, properties: { ...base.properties, KEYS: 'a"b' } },
      { ...base, properties: { ...base.properties, KEYS: 'é' } },
      { ...base, properties: { ...base.properties, KEYS: '' } },
      { ...base, queueId: -0 },
      { ...base, sysFlag: 1.5 },
      { ...base, bornTimestamp: 2 ** 53 },
    ];
    for (const f of declined) {
      expect(direct(f, 1), JSON.stringify(f.properties)).toBe(-1);
      // The command itself still frames (or refuses) as the general path does.
      const viaCommand = (() => {
        try {
          return encodeFrameUnder(new SendV2Command(310, BINARY, f, body, ORDER), 1, 0);
        } catch (error) {
          return (error as { kind?: string }).kind;
        }
      })();
      const viaGeneral = (() => {
        try {
          return encodeFrame(generalCommand(f, 310, BINARY, 1, 0, body, ORDER));
        } catch (error) {
          return (error as { kind?: string }).kind;
        }
      })();
      expect(viaCommand).toEqual(viaGeneral);
    }
    // A command whose extFields were read (an ACL hook's signature) is written from them.
    const read = new SendV2Command(310, BINARY, base, body, ORDER);
    void read.extFields;
    expect(read.writeBinaryHeader(1, 0, scratch, 0, scratch.length)).toBe(-1);
  });

  it('stays within its limit', () => {
    const f = nextSend({ ...producerFields, topic: 'BinaryT5' }, 1);
    const end = direct(f, 1);
    const cmd = () => new SendV2Command(310, BINARY, f, body, ORDER);
    // The same send again (patched), and in full for a new topic, each with one byte too few.
    expect(cmd().writeBinaryHeader(1, 0, scratch, 0, end - 1)).toBe(-1);
    expect(new SendV2Command(310, BINARY, { ...f, topic: 'BinaryT6' }, body, ORDER).writeBinaryHeader(1, 0, scratch, 0, 100)).toBe(-1);
    expect(cmd().writeBinaryHeader(1, 0, scratch, 0, end)).toBe(end);
  });
});
