import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DecodedMessage } from '../../../adapters/remoting/protocol/message/stored-message.js';
import type { SendResult } from '../../../adapters/embedded/engine/send-types.js';
import { closeTimedBroker, FakeChannel, pulled, pullRequest, sendRequest, startBroker, startTimedBroker, type TestBroker } from './helpers.js';

const client = new FakeChannel('c');
let t: TestBroker;

beforeEach(async () => {
  t = await startTimedBroker();
});
afterEach(() => closeTimedBroker(t));

const sendDelayed = async (level: string, body = 'b', queueId = 0) =>
  (await t.broker.send(sendRequest({ queueId, body: Buffer.from(body), props: { TAGS: 'T', DELAY: level, WAIT: 'true' } }), client)) as SendResult;

async function visible(queueId = 0): Promise<DecodedMessage[]> {
  const out = await t.broker.pull(pullRequest({ queueId }), client);
  return out?.code === 0 ? pulled(out) : [];
}

describe('delayed messages', () => {
  it.each([
    ['1', 1_000],
    ['3', 10_000],
    ['5', 60_000],
    ['18', 7_200_000],
    ['40', 7_200_000, '18'],
  ])('level %s arrives after exactly %i ms (levels above 18 clamp to 18)', async (level, ms, stored = level) => {
    const sentAt = Date.now();
    const out = await sendDelayed(level);
    expect(out).toMatchObject({ code: 0, queueId: 0, queueOffset: 0 });
    await vi.advanceTimersByTimeAsync(ms - 1);
    expect(await visible()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    const [m] = await visible();
    expect(m!.storeTimestamp).toBe(sentAt + ms);
    expect(m!.properties).toMatchObject({ DELAY: stored, REAL_TOPIC: 'TopicTest', REAL_QID: '0', TAGS: 'T', WAIT: 'true' });
  });

  it('DELAY 0 or garbage means no delay', async () => {
    await sendDelayed('0', 'zero');
    await sendDelayed('soon', 'garbage');
    expect((await visible()).map((m) => m.body.toString())).toEqual(['zero', 'garbage']);
  });

  it('delivers each level in order, to the queue each message asked for, with schedule-queue offsets in the answers', async () => {
    const a = await sendDelayed('2', 'a-5s');
    const b = await sendDelayed('1', 'b-1s', 1);
    const c = await sendDelayed('2', 'c-5s');
    expect([a.queueOffset, b.queueOffset, c.queueOffset]).toEqual([0, 0, 1]);
    expect([a.queueId, b.queueId, c.queueId]).toEqual([0, 1, 0]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await visible(1)).map((m) => m.body.toString())).toEqual(['b-1s']);
    expect(await visible(0)).toEqual([]);
    await vi.advanceTimersByTimeAsync(4_000);
    expect((await visible(0)).map((m) => m.body.toString())).toEqual(['a-5s', 'c-5s']);
  });

  it('a message scheduled for sooner than the armed timer re-arms it', async () => {
    await sendDelayed('4', 'thirty');
    await sendDelayed('1', 'one');
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await visible()).map((m) => m.body.toString())).toEqual(['one']);
  });

  it('survives a restart: delivered ones are not delivered twice, pending ones still arrive on time', async () => {
    await sendDelayed('1', 'early');
    await sendDelayed('3', 'late');
    await vi.advanceTimersByTimeAsync(1_000);
    const { store } = t;
    await t.broker.close();
    t = await startBroker({}, { store });
    await vi.advanceTimersByTimeAsync(9_000);
    expect((await visible()).map((m) => m.body.toString())).toEqual(['early', 'late']);
  });

  it('waits beyond Node’s 24.8-day timer limit without spinning (a custom 30d level)', async () => {
    await t.broker.close();
    t = await startBroker({ messageDelayLevel: '1s 30d', channelScanIntervalMs: 86_400_000, transactionCheckIntervalMs: 86_400_000 });
    await t.broker.createTopic('TopicTest', 2);
    await sendDelayed('2', 'month');
    await vi.advanceTimersByTimeAsync(30 * 86_400_000 - 1);
    expect(await visible()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect((await visible()).map((m) => m.body.toString())).toEqual(['month']);
  });

  it('leaves no timer behind once everything is delivered, and none after close', async () => {
    const idle = vi.getTimerCount();
    await sendDelayed('1');
    expect(vi.getTimerCount()).toBe(idle + 1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(vi.getTimerCount()).toBe(idle);
    await sendDelayed('18');
    await t.broker.close();
    expect(vi.getTimerCount()).toBe(0);
  });
});
