import { type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { MessageQueue } from '../../../core/message/message-queue.js';
import { isRetriableSendError } from '../../../core/producer/retry-policy.js';
import { type AttemptSettled, type RetryPlan, sendWithRetries } from '../../../core/producer/retry-loop.js';
import { brokerError, transportError } from '../fakes/fake-port.js';

const queues: MessageQueue[] = [
  { topic: 'T', brokerName: 'a', queueId: 0 },
  { topic: 'T', brokerName: 'b', queueId: 0 },
];

/** Picks broker a first, then anything but the broker that just failed (what the round robin guarantees). */
const select = (last: string | undefined) => (last === undefined ? queues[0] : queues.find((q) => q.brokerName !== last));

function harness(scheduler: TestScheduler, attempts: Record<string, Observable<string>[]>, over: Partial<RetryPlan<string>> = {}) {
  const settled: AttemptSettled<string>[] = [];
  const plan: RetryPlan<string> = {
    topic: 'T',
    maxAttempts: 3,
    timeoutMs: 30,
    scheduler,
    select,
    addressOf: (q) => `${q.brokerName}:10911`,
    attempt: (q) => attempts[q.brokerName]!.shift()!,
    isRetriable: isRetriableSendError,
    onSettled: (s) => settled.push(s),
    ...over,
  };
  return { send$: sendWithRetries(plan), settled };
}

describe('sendWithRetries (marbles)', () => {
  const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

  it('retries a retriable failure on the other broker', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const onA = cold<string>('--#', {}, brokerError(14, 'store not writable'));
      const onB = cold<string>('---(r|)', { r: 'ok' });
      const { send$, settled } = harness(ts, { a: [onA], b: [onB] });
      expectObservable(send$).toBe('-----(r|)', { r: 'ok' });
      expectSubscriptions(onA.subscriptions).toBe('^-!');
      expectSubscriptions(onB.subscriptions).toBe('--^--!');
      ts.flush();
      expect(settled.map((s) => [s.attempt, s.queue.brokerName, s.latencyMs, s.retrying])).toEqual([
        [1, 'a', 2, true],
        [2, 'b', 3, false],
      ]);
    });
  });

  it('fails at once on a code that is not retried, naming broker, queue, code and remark', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      const onA = cold<string>('-#', {}, brokerError(13, 'message illegal'));
      const { send$ } = harness(ts, { a: [onA], b: [] });
      expectObservable(send$).toBe(
        '-#',
        {},
        expect.objectContaining({
          kind: 'send-failed',
          brokerName: 'a',
          queue: queues[0],
          responseCode: 13,
          remark: 'message illegal',
          attempts: [expect.objectContaining({ attempt: 1, brokerAddr: 'a:10911' })],
        }),
      );
    });
  });

  it('times out each attempt on its own and retries; after the last timeout the error is send-timeout', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const never = () => cold<string>('-');
      const a1 = never();
      const b1 = never();
      const a2 = never();
      const { send$ } = harness(ts, { a: [a1, a2], b: [b1] });
      expectObservable(send$).toBe(
        '90ms #',
        {},
        expect.objectContaining({
          kind: 'send-timeout',
          attempts: [
            expect.objectContaining({ attempt: 1, queue: queues[0], latencyMs: 30 }),
            expect.objectContaining({ attempt: 2, queue: queues[1], latencyMs: 30 }),
            expect.objectContaining({ attempt: 3, queue: queues[0], latencyMs: 30 }),
          ],
        }),
      );
      expectSubscriptions(a1.subscriptions).toBe('^ 29ms !');
      expectSubscriptions(b1.subscriptions).toBe('30ms ^ 29ms !');
    });
  });

  it('stops after maxAttempts and lists every attempt with its cause', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      const fail = (kind: string) => cold<string>('-#', {}, transportError(kind));
      const { send$ } = harness(ts, { a: [fail('connect-failed'), fail('connection-closed')], b: [fail('write-failed')] }, { maxAttempts: 3 });
      expectObservable(send$).toBe(
        '---#',
        {},
        expect.objectContaining({
          kind: 'send-failed',
          brokerName: 'a',
          cause: expect.objectContaining({ kind: 'connection-closed' }),
          attempts: [
            expect.objectContaining({ error: expect.objectContaining({ kind: 'connect-failed' }) }),
            expect.objectContaining({ error: expect.objectContaining({ kind: 'write-failed' }) }),
            expect.objectContaining({ error: expect.objectContaining({ kind: 'connection-closed' }) }),
          ],
        }),
      );
    });
  });

  it('unsubscribing abandons the attempt in flight and starts no other', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const onA = cold<string>('-----r|');
      const onB = cold<string>('r|');
      const { send$ } = harness(ts, { a: [onA], b: [onB] });
      expectObservable(send$, '^--!').toBe('---');
      expectSubscriptions(onA.subscriptions).toBe('^--!');
      expectSubscriptions(onB.subscriptions).toBe([]);
    });
  });

  it('nothing happens before subscription (cold)', () => {
    const ts = scheduler();
    ts.run(({ cold, expectSubscriptions }) => {
      const onA = cold<string>('r|');
      harness(ts, { a: [onA], b: [] });
      expectSubscriptions(onA.subscriptions).toBe([]);
    });
  });

  it('fails with no-route when the selector finds no queue, and with the last cause when a retry finds none', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      expectObservable(harness(ts, {}, { select: () => undefined }).send$).toBe('#', {}, expect.objectContaining({ kind: 'no-route' }));
      const onA = cold<string>('-#', {}, brokerError(1, 'system error'));
      const once = harness(ts, { a: [onA] }, { select: (last) => (last ? undefined : queues[0]) });
      expectObservable(once.send$).toBe('-#', {}, expect.objectContaining({ kind: 'send-failed', responseCode: 1 }));
    });
  });

  it('retries a stored-but-not-OK answer when asked to, and returns the last answer when out of attempts', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      const slow = () => cold<string>('-(s|)', { s: 'FLUSH_DISK_TIMEOUT' });
      const { send$, settled } = harness(ts, { a: [slow(), slow()], b: [slow()] }, { retryValue: (v) => v !== 'SEND_OK' });
      expectObservable(send$).toBe('---(s|)', { s: 'FLUSH_DISK_TIMEOUT' });
      ts.flush();
      expect(settled.map((s) => s.retrying)).toEqual([true, true, false]);
    });
  });

  it('a broker without a master address counts as a failed, retriable attempt', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      const onB = cold<string>('-(r|)', { r: 'ok' });
      const { send$ } = harness(ts, { b: [onB] }, { addressOf: (q) => (q.brokerName === 'a' ? undefined : 'b:1') });
      expectObservable(send$).toBe('-(r|)', { r: 'ok' });
    });
  });
});

