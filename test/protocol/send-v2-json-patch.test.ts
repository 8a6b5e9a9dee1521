import { describe, expect, it } from 'vitest';
import { encodeFrame } from '../../adapters/remoting/protocol/frame-codec.js';
import { writeSendV2Direct, type SendV2Fields } from '../../adapters/remoting/protocol/send-v2-json-direct.js';
import { recordHeader, writePatched, written } from '../../adapters/remoting/protocol/send-v2-json-patch.js';
import { body, generalCommand, nextSend, JSON_DEFAULTS, producerFields } from './send-v2-fixtures.js';

const ENVELOPE = { code: 310, language: 'JAVA', version: 395 };
const scratch = Buffer.alloc(16 * 1024);

/** The JSON header the general path writes for `f` under `opaque`. */
function generalHeader(f: SendV2Fields, opaque: number): Buffer {
  const frame = encodeFrame(generalCommand(f, 310, JSON_DEFAULTS, opaque, 0, body, { order: 'java' }));
  return frame.subarray(8, 8 + frame.readInt32BE(4));
}


/** Writes `f` in full (which keeps it for patching) and answers the kept header. */
function keep(f: SendV2Fields) {
  const end = writeSendV2Direct(f, ENVELOPE, 1, 0, scratch, 0, scratch.length);
  expect(end).toBeGreaterThan(0);
  // The full write left `written` describing it; the same record the writer keeps.
  const opaqueAt = scratch.indexOf('"opaque":') + '"opaque":'.length;
  return recordHeader(scratch, 0, opaqueAt)!;
}

describe('send headers written by patching the last one', () => {
  it('writes the bytes of the general header, send after send of one topic', () => {
    const base = { ...producerFields, topic: 'PatchT1' };
    for (let n = 0; n < 40; n++) {
      const f = nextSend(base, n);
      const end = writeSendV2Direct(f, ENVELOPE, 1000 + n * 997, 0, scratch, 3, scratch.length);
      expect(scratch.subarray(3, end).equals(generalHeader(f, 1000 + n * 997)), `send ${n}`).toBe(true);
    }
  });

  it('patches the values of the same width that changed: queue, born timestamp, a property value', () => {
    const base = { ...producerFields, topic: 'PatchT2' };
    const kept = keep(base);
    const f = nextSend(base, 7);
    const p = writePatched(kept, f, scratch, 100);
    expect(p).toBeGreaterThan(100);
    const header = generalHeader(f, 5);
    expect(scratch.subarray(100, p).equals(header.subarray(0, p - 100))).toBe(true);
    expect(header.toString('latin1', p - 100)).toBe('5,"serializeTypeCurrentRPC":"JSON","version":395}');
    expect(written.count).toBe(4);
  });

  it('declines what changed width or shape, or what the general path writes differently', () => {
    const base = { ...producerFields, topic: 'PatchT3' };
    const kept = keep(base);
    const declined: Partial<SendV2Fields>[] = [
      { queueId: 10 }, { queueId: -1 }, { queueId: -0 }, { queueId: 1.5 }, { sysFlag: 12 }, { flag: 70 }, { reconsumeTimes: 30 },
      { bornTimestamp: 999 }, { bornTimestamp: 2 ** 60 },
      { properties: { ...base.properties, extra: 'x' } },
      { properties: { rmqrx_codec: 'raw', TAGS: 'TagA', WAIT: 'true' } },
      { properties: { rmqrx_codec: 'raw', TAGS: 'TagA', WAIT: 'true', UNIQ: '7F00000100002A9F0000000000000001' } },
      { properties: { ...base.properties, TAGS: 'TagAB' } },
      { properties: { ...base.properties, TAGS: 'Ta"A' } },
      { properties: { ...base.properties, TAGS: 'Tagé' } },
      { properties: { ...base.properties, TAGS: 'Ta\u0001A' } },
    ];
    for (const over of declined) expect(writePatched(kept, { ...base, ...over }, scratch, 0), JSON.stringify(over)).toBe(-1);
    // The same width: patched, as the general path writes it.
    for (const over of [{ queueId: 3, properties: { ...base.properties, TAGS: 'TagB' } }, { sysFlag: 4, flag: 7, reconsumeTimes: 3 }]) {
      const f = { ...base, ...over };
      const p = writePatched(kept, f, scratch, 0);
      expect(p).toBeGreaterThan(0);
      expect(scratch.subarray(0, p).equals(generalHeader(f, 5).subarray(0, p))).toBe(true);
    }
  });

  it('keeps a template per broker of a topic: sends alternating between two brokers each write their own header', () => {
    const base = { ...producerFields, topic: 'PatchT4' };
    for (let n = 0; n < 12; n++) {
      const f = nextSend(base, n, { brokerName: n % 2 === 0 ? 'broker-a' : 'broker-b' });
      const end = writeSendV2Direct(f, ENVELOPE, n, 0, scratch, 0, scratch.length);
      expect(scratch.subarray(0, end).equals(generalHeader(f, n)), `send ${n}`).toBe(true);
    }
  });

  it('after sends it could not patch, still writes every header right (and keeps patching once they settle)', () => {
    const base = { ...producerFields, topic: 'PatchT5' };
    for (let n = 0; n < 200; n++) {
      // A property whose length changes every send for a while, then stays.
      const varying = n < 150 ? 'x'.repeat(1 + (n % 7)) : 'settled';
      const f = nextSend(base, n, { properties: { ...base.properties, UNIQ_KEY: `ID${10000 + n}`, user: varying } });
      const end = writeSendV2Direct(f, ENVELOPE, n, 0, scratch, 0, scratch.length);
      expect(scratch.subarray(0, end).equals(generalHeader(f, n)), `send ${n}`).toBe(true);
    }
  });
});
