import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RequestCode } from '../../../adapters/remoting/protocol/codes.js';
import { decodeEndTransactionRequest } from '../../../adapters/remoting/protocol/headers/end-transaction.js';
import { decodeSendMessageV2Request } from '../../../adapters/remoting/protocol/headers/send-message-v2.js';
import { decodeOffsetMessageId } from '../../../adapters/remoting/protocol/message/message-id.js';
import { decodeStoredMessage } from '../../../adapters/remoting/protocol/message/stored-message.js';
import { javaOrdered } from '../../../adapters/embedded/engine/java-properties.js';
import type { SendResult } from '../../../adapters/embedded/engine/send-types.js';
import { javaStringHashCode } from '../../../core/util/java-hash.js';
import { captureFrame, FakeChannel, startBroker, type TestBroker } from './helpers.js';

/**
 * An independent oracle: a Java HashMap simulated step by step — 16 buckets, each a list; a put appends to its
 * bucket's tail (a repeated key keeps its place); past 0.75 load the table doubles and each bucket splits into a
 * low and a high list keeping their order; a remove unlinks; iteration walks the buckets.
 */
class SimulatedHashMap {
  private buckets: string[][] = Array.from({ length: 16 }, () => []);
  private size = 0;

  put(key: string): void {
    const b = this.buckets[this.index(key, this.buckets.length)]!;
    if (b.includes(key)) return;
    b.push(key);
    if (++this.size > this.buckets.length * 0.75) this.resize();
  }

  remove(key: string): void {
    const b = this.buckets[this.index(key, this.buckets.length)]!;
    const at = b.indexOf(key);
    if (at >= 0) {
      b.splice(at, 1);
      this.size--;
    }
  }

  keys(): string[] {
    return this.buckets.flat();
  }

  private resize(): void {
    const cap = this.buckets.length * 2;
    const next: string[][] = Array.from({ length: cap }, () => []);
    for (const b of this.buckets) for (const k of b) next[this.index(k, cap)]!.push(k);
    this.buckets = next;
  }

  private index(key: string, cap: number): number {
    const h = javaStringHashCode(key);
    return (h ^ (h >>> 16)) & (cap - 1);
  }
}

const key = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,11}$/).filter((k) => k !== '__proto__');

describe('javaOrdered: the iteration order of the HashMap a 4.9.8 broker encodes', () => {
  it('equals a step-by-step HashMap simulation, across resizes (up to 60 keys)', () => {
    fc.assert(fc.property(fc.array(key, { maxLength: 60 }), (keys) => {
      const map = new SimulatedHashMap();
      const props: Record<string, string> = {};
      for (const k of keys) {
        map.put(k);
        props[k] = 'v';
      }
      expect(Object.keys(javaOrdered(props))).toEqual(map.keys());
    }), { numRuns: 300 });
  });

  it('counts removed keys for the table size (a HashMap never shrinks) and puts a re-put key at its bucket\'s tail', () => {
    fc.assert(fc.property(fc.uniqueArray(key, { minLength: 1, maxLength: 30 }), fc.nat(), (keys, pick) => {
      const gone = keys[pick % keys.length]!;
      const map = new SimulatedHashMap();
      for (const k of keys) map.put(k);
      map.put('CLUSTER');
      map.remove(gone);
      const props: Record<string, string> = {};
      for (const k of [...keys, 'CLUSTER']) if (k !== gone) props[k] = 'v';
      expect(Object.keys(javaOrdered(props, [gone]))).toEqual(map.keys());
      map.put(gone); // WAIT: removed for the stored string, then put back
      props[gone] = 'v';
      expect(Object.keys(javaOrdered(props))).toEqual(map.keys());
    }), { numRuns: 300 });
  });

  it('13 keys, one of them removed: the 12 left are in the order of a 32-bucket table, not a 16-bucket one', () => {
    const props = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i * 7}`, 'v']));
    const grown = Object.keys(javaOrdered(props, ['WAIT']));
    expect(grown).not.toEqual(Object.keys(javaOrdered(props)));
    const map = new SimulatedHashMap();
    for (const k of [...Object.keys(props), 'WAIT']) map.put(k);
    map.remove('WAIT');
    expect(grown).toEqual(map.keys());
  });
});

describe('CHECK_TRANSACTION_STATE body: properties string as the real broker wrote it', () => {
  const producer = new FakeChannel('tx-order-producer', '127.0.0.1:43002');
  let t: TestBroker;
  beforeEach(async () => {
    vi.useFakeTimers({ now: 1_795_554_761_470 });
    t = await startBroker();
    await t.broker.createTopic('CapTxTopic2', 1);
  });
  afterEach(async () => {
    await t.broker.close();
    vi.useRealTimers();
  });

  it('the captured half #3, left UNKNOWN, is checked back with the captured string (TRANSACTION_CHECK_TIMES, WAIT=false)', async () => {
    expect(await t.broker.heartbeat(JSON.parse(captureFrame('transaction', 7).body!.toString('utf8')), producer)).toEqual({ code: 0 });
    const cmd = captureFrame('transaction', 14);
    const half = (await t.broker.send({ ...decodeSendMessageV2Request(cmd.extFields), body: cmd.body!, version: cmd.version }, producer)) as SendResult;
    const end = decodeEndTransactionRequest(captureFrame('transaction', 16).extFields);
    const at = { tranStateTableOffset: half.queueOffset, commitLogOffset: decodeOffsetMessageId(half.msgId).physicalOffset };
    expect(await t.broker.endTransaction({ ...end, ...at })).toBeUndefined();
    await vi.advanceTimersByTimeAsync(60_000);
    const check = producer.notifications.find((n) => n.code === RequestCode.CHECK_TRANSACTION_STATE);
    const real = decodeStoredMessage(captureFrame('transaction', 23).body!);
    expect(decodeStoredMessage(check!.body!).propertiesString).toBe(real.propertiesString);
  });
});
