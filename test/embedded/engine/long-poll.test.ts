import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ResponseCode } from '../../../adapters/remoting/protocol/codes.js';
import type { PullOutcome, PullResult } from '../../../adapters/embedded/engine/pull-types.js';
import { closeTimedBroker, FakeChannel, flush, pulled, pullRequest, sendRequest, startTimedBroker, type TestBroker } from './helpers.js';

/** Long polling with fake time: SUSPEND pulls park until a matching append, a recheck or the suspend timeout. */
const SUSPEND = 2 | 4;
const producer = new FakeChannel('producer');
let t: TestBroker;

beforeEach(async () => {
  t = await startTimedBroker();
});
afterEach(() => closeTimedBroker(t));

/** Starts a pull and records when it settles. */
function parkPull(overrides: Parameters<typeof pullRequest>[0], channel = new FakeChannel('consumer')) {
  const state: { settled: boolean; outcome: PullOutcome | undefined } = { settled: false, outcome: undefined };
  const promise = t.broker.pull(pullRequest({ sysFlag: SUSPEND, ...overrides }), channel).then((o) => {
    state.settled = true;
    state.outcome = o;
    return o;
  });
  return { state, promise, channel };
}

describe('long polling', () => {
  it('parks a caught-up pull and answers it as soon as a message arrives on that queue', async () => {
    const idleTimers = vi.getTimerCount();
    const p = parkPull({});
    await flush();
    expect(p.state.settled).toBe(false);
    expect(t.broker.parkedPulls).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(p.state.settled).toBe(false);
    await t.broker.send(sendRequest({ queueId: 0 }), producer);
    await flush();
    expect(p.state.settled).toBe(true);
    expect(pulled(p.state.outcome).map((m) => m.body.toString())).toEqual(['hello']);
    expect(t.broker.parkedPulls).toBe(0);
    expect(vi.getTimerCount()).toBe(idleTimers); // the waiter's timer is released
  });

  it('wakes exactly the waiters of the queue that got the message', async () => {
    const q0 = parkPull({ queueId: 0 });
    const q1 = parkPull({ queueId: 1 });
    await flush();
    await t.broker.send(sendRequest({ queueId: 1 }), producer);
    await flush();
    expect(q1.state.settled).toBe(true);
    expect(q0.state.settled).toBe(false);
  });

  it('does not wake for a message its tag filter rejects; wakes for the next matching one', async () => {
    const p = parkPull({ subscription: 'TagA' });
    await flush();
    await t.broker.send(sendRequest({ props: { TAGS: 'TagB' } }), producer);
    await flush();
    expect(p.state.settled).toBe(false);
    await t.broker.send(sendRequest({ props: { TAGS: 'TagA' } }), producer);
    await flush();
    const r = p.state.outcome as PullResult;
    expect(r).toMatchObject({ code: 0, nextBeginOffset: 2 });
    expect(pulled(r).map((m) => m.tags)).toEqual(['TagA']);
  });

  it('answers PULL_NOT_FOUND at the suspend timeout, not before', async () => {
    const p = parkPull({ suspendTimeoutMillis: 15_000 });
    await vi.advanceTimersByTimeAsync(14_999);
    expect(p.state.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(p.state.outcome).toMatchObject({ code: ResponseCode.PULL_NOT_FOUND, remark: 'NO_MESSAGE_IN_QUEUE', nextBeginOffset: 0 });
    expect(t.broker.parkedPulls).toBe(0);
  });

  it('re-checks every 5 s and then sees messages that arrived without a wake-up (non-matching tag → retry)', async () => {
    const p = parkPull({ subscription: 'TagA', suspendTimeoutMillis: 30_000 });
    await flush();
    await t.broker.send(sendRequest({ props: { TAGS: 'TagB' } }), producer);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(p.state.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(p.state.outcome).toMatchObject({ code: ResponseCode.PULL_RETRY_IMMEDIATELY, nextBeginOffset: 1 });
  });

  it('is woken by a delayed message coming due', async () => {
    const p = parkPull({ suspendTimeoutMillis: 30_000 });
    await t.broker.send(sendRequest({ props: { TAGS: 'TagA', DELAY: '1' } }), producer);
    await vi.advanceTimersByTimeAsync(999);
    expect(p.state.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(pulled(p.state.outcome)[0]!.properties).toMatchObject({ DELAY: '1', REAL_TOPIC: 'TopicTest', REAL_QID: '0' });
  });

  it('does not park without the SUSPEND flag', async () => {
    const out = await t.broker.pull(pullRequest({ sysFlag: 4 }), new FakeChannel('c'));
    expect(out).toMatchObject({ code: ResponseCode.PULL_NOT_FOUND });
    expect(t.broker.parkedPulls).toBe(0);
  });

  it('drops a parked pull whose channel closes: no answer, its timer freed', async () => {
    const timersBefore = vi.getTimerCount();
    const p = parkPull({});
    await flush();
    expect(vi.getTimerCount()).toBe(timersBefore + 1);
    p.channel.closed = true;
    t.broker.channelClosed(p.channel);
    expect(await p.promise).toBeUndefined();
    expect(vi.getTimerCount()).toBe(timersBefore);
    await t.broker.send(sendRequest(), producer);
    expect(t.broker.parkedPulls).toBe(0);
  });

  it('answers nothing to parked pulls when the broker closes, and leaves no timer', async () => {
    const p = parkPull({});
    await flush();
    await t.broker.close();
    expect(await p.promise).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a pull still on its way in when the broker closes gets no answer and leaves no timer', async () => {
    let release!: () => void;
    vi.spyOn(t.store, 'commitOffset').mockImplementationOnce(() => new Promise<void>((r) => (release = r)));
    const p = parkPull({ sysFlag: SUSPEND | 1, commitOffset: 1 });
    await flush();
    await t.broker.close();
    release();
    expect(await p.promise).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('commits the piggy-backed offset when it parks', async () => {
    await t.broker.send(sendRequest(), producer);
    parkPull({ sysFlag: SUSPEND | 1, queueOffset: 1, commitOffset: 1 });
    await flush();
    expect(t.store.committedOffset('CG', 'TopicTest', 0)).toBe(1);
  });
});
