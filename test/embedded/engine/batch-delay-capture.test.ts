import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeSendMessageV2Request } from '../../../adapters/remoting/protocol/headers/send-message-v2.js';
import { decodeStoredMessages } from '../../../adapters/remoting/protocol/message/stored-message.js';
import type { SendResult } from '../../../adapters/embedded/engine/send-types.js';
import { captureFrame, FakeChannel, pulled, pullRequest, startBroker, type TestBroker } from './helpers.js';

/** Replays the `batch-and-delay` capture's sends against the engine and compares with the real 4.9.8 answers. */
const SCENARIO = 'batch-and-delay';
const producer = new FakeChannel('producer', '127.0.0.1:41000');
let t: TestBroker;

function replaySend(n: number) {
  const cmd = captureFrame(SCENARIO, n);
  const header = decodeSendMessageV2Request(cmd.extFields);
  return t.broker.send({ ...header, body: cmd.body ?? Buffer.alloc(0), version: cmd.version }, producer);
}

function realAnswer(n: number): Record<string, string> {
  return captureFrame(SCENARIO, n).extFields ?? {};
}

beforeEach(async () => {
  vi.useFakeTimers({ now: 1_795_554_971_554 });
  t = await startBroker();
  await t.broker.createTopic('CapBatchTopic', 1);
});

afterEach(async () => {
  await t.broker.close();
  vi.useRealTimers();
});

describe('batch-and-delay capture replay', () => {
  it('answers the batch like the real broker: first queue offset, three comma-joined offset ids', async () => {
    const out = (await replaySend(4)) as SendResult;
    const real = realAnswer(5);
    expect(out.code).toBe(0);
    expect(String(out.queueId)).toBe(real.queueId);
    expect(String(out.queueOffset)).toBe(real.queueOffset);
    expect(out.msgId.split(',')).toHaveLength(real.msgId!.split(',').length);
    expect(out.msgId.split(',').every((id) => /^[0-9A-F]{32}$/.test(id))).toBe(true);
  });

  it('stores each batch item with its own properties then the envelope\'s (CLUSTER, WAIT) byte for byte as the real broker', async () => {
    await replaySend(4);
    const ours = pulled(await t.broker.pull(pullRequest({ topic: 'CapBatchTopic', consumerGroup: 'CapBatchPullGroup' }), producer));
    const real = decodeStoredMessages(captureFrame(SCENARIO, 28).body!);
    expect(ours).toHaveLength(3);
    ours.forEach((m, i) => {
      const r = real[i]!;
      expect(m.properties).toEqual(r.properties);
      // Own properties as sent, then the envelope's "CLUSTER…WAIT…" in Java HashMap order: WAIT stored twice.
      expect(m.propertiesString).toBe(r.propertiesString);
      expect(m.propertiesString.endsWith('\u0002CLUSTER\u0001DefaultCluster\u0002WAIT\u0001true')).toBe(true);
      expect(m.storeSize).toBe(r.storeSize);
      expect(m.body.toString()).toBe(r.body.toString());
      expect({ q: m.queueOffset, f: m.flag, s: m.sysFlag, b: m.bornTimestamp, rc: m.reconsumeTimes })
        .toEqual({ q: r.queueOffset, f: r.flag, s: r.sysFlag, b: r.bornTimestamp, rc: r.reconsumeTimes });
    });
  });

  it('answers the delayed send with the requested queue and the schedule-queue offset, then delivers after level 2 (5 s)', async () => {
    await replaySend(4);
    const sentAt = Date.now();
    const delayed = (await replaySend(6)) as SendResult;
    const real = realAnswer(7);
    expect({ code: delayed.code, queueId: String(delayed.queueId), queueOffset: String(delayed.queueOffset) })
      .toEqual({ code: 0, queueId: real.queueId, queueOffset: real.queueOffset });
    await replaySend(10);

    const req = pullRequest({ topic: 'CapBatchTopic', consumerGroup: 'CapBatchPullGroup' });
    expect(pulled(await t.broker.pull(req, producer))).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(pulled(await t.broker.pull(req, producer))).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(1);
    const ours = pulled(await t.broker.pull(req, producer));
    expect(ours).toHaveLength(5);

    const realMsgs = decodeStoredMessages(captureFrame(SCENARIO, 28).body!);
    // The oneway send: WAIT dropped. The delayed one: REAL_TOPIC, REAL_QID, DELAY and WAIT kept, at real offset 4.
    expect(ours[3]!.properties).toEqual(realMsgs[3]!.properties);
    expect(ours[4]!.properties).toEqual(realMsgs[4]!.properties);
    expect(ours[4]!.queueOffset).toBe(realMsgs[4]!.queueOffset);
    expect(ours[4]!.storeTimestamp).toBe(sentAt + 5_000);
  });
});
