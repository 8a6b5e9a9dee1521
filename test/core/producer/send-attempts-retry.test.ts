import { describe, expect, it, vi } from 'vitest';
import { type AttemptSettled, type CallbackRetryPlan, sendWithRetriesCallback } from '../../../core/producer/send-attempts.js';
import { SendTicket } from '../../../core/producer/send-ticket.js';
import { brokerError, transportError } from '../fakes/fake-port.js';
import { useFakeTimeFrom } from './harness.js';
import { queues, twoBrokerPlan } from './retry-plan.js';

/** A scripted attempt: it answers (or fails) `after` ms of virtual time after it started, or never. */
type Step = { readonly after: number; readonly value?: string; readonly error?: unknown } | 'never';

/** What the test sees of one attempt: when it started, when (if ever) its request was aborted. */
interface Call {
  readonly broker: string;
  readonly at: number;
  abortedAt?: number;
}

/**
 * The same scenarios as the marble tests of the former Observable loop, on the callback loop: attempts are
 * Promises settled by fake timers, so every time below is virtual (ms since the send began).
 */
function harness(steps: Record<string, Step[]>, over: Partial<CallbackRetryPlan<string>> = {}, start = true) {
  const calls: Call[] = [];
  const settled: AttemptSettled<string>[] = [];
  const outcome: { value?: string; error?: unknown; at?: number } = {};
  const ticket = new SendTicket<string>(
    () => undefined,
    (value) => Object.assign(outcome, { value, at: Date.now() }),
    (error) => Object.assign(outcome, { error, at: Date.now() }),
  );
  const plan = twoBrokerPlan(
    {
      attempt: (q, _addr, _timeoutMs, signal) => {
        const call: Call = { broker: q.brokerName, at: Date.now() };
        calls.push(call);
        signal.addEventListener('abort', () => (call.abortedAt = Date.now()), { once: true });
        const step = steps[q.brokerName]!.shift()!;
        return new Promise<string>((resolve, reject) => {
          if (step === 'never') return;
          setTimeout(() => (step.error === undefined ? resolve(step.value!) : reject(step.error)), step.after);
        });
      },
      onSettled: (s) => settled.push(s),
      done: (value) => ticket.resolve(value),
    },
    over,
  );
  if (start) sendWithRetriesCallback(plan, ticket);
  return { calls, settled, outcome, ticket, plan };
}

describe('sendWithRetriesCallback (virtual time)', () => {
  useFakeTimeFrom(0);

  it('retries a retriable failure on the other broker', async () => {
    const { calls, settled, outcome } = harness({ a: [{ after: 2, error: brokerError(14, 'store not writable') }], b: [{ after: 3, value: 'ok' }] });
    await vi.advanceTimersByTimeAsync(10);
    expect(outcome).toEqual({ value: 'ok', at: 5 });
    expect(calls).toEqual([
      { broker: 'a', at: 0 },
      { broker: 'b', at: 2 },
    ]);
    expect(settled.map((s) => [s.attempt, s.queue.brokerName, s.latencyMs, s.retrying])).toEqual([
      [1, 'a', 2, true],
      [2, 'b', 3, false],
    ]);
  });

  it('fails at once on a code that is not retried, naming broker, queue, code and remark', async () => {
    const { calls, outcome } = harness({ a: [{ after: 1, error: brokerError(13, 'message illegal') }], b: [] });
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toHaveLength(1);
    expect(outcome.at).toBe(1);
    expect(outcome.error).toEqual(
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

  it('times out each attempt on its own and retries; after the last timeout the error is send-timeout', async () => {
    const { calls, outcome } = harness({ a: ['never', 'never'], b: ['never'] });
    await vi.advanceTimersByTimeAsync(100);
    expect(outcome.at).toBe(90);
    expect(outcome.error).toEqual(
      expect.objectContaining({
        kind: 'send-timeout',
        attempts: [
          expect.objectContaining({ attempt: 1, queue: queues[0], latencyMs: 30 }),
          expect.objectContaining({ attempt: 2, queue: queues[1], latencyMs: 30 }),
          expect.objectContaining({ attempt: 3, queue: queues[0], latencyMs: 30 }),
        ],
      }),
    );
    expect(calls).toEqual([
      { broker: 'a', at: 0, abortedAt: 30 },
      { broker: 'b', at: 30, abortedAt: 60 },
      { broker: 'a', at: 60, abortedAt: 90 },
    ]);
  });

  it('stops after maxAttempts and lists every attempt with its cause', async () => {
    const fail = (kind: string): Step => ({ after: 1, error: transportError(kind) });
    const { calls, outcome } = harness({ a: [fail('connect-failed'), fail('connection-closed')], b: [fail('write-failed')] }, { maxAttempts: 3 });
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toHaveLength(3);
    expect(outcome.at).toBe(3);
    expect(outcome.error).toEqual(
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

  it('abandoning the send aborts the attempt in flight and starts no other', async () => {
    const { calls, settled, outcome, ticket } = harness({ a: [{ after: 5, value: 'late' }], b: [{ after: 0, value: 'ok' }] });
    await vi.advanceTimersByTimeAsync(3);
    const reason = new Error('left');
    ticket.abort(reason);
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toEqual([{ broker: 'a', at: 0, abortedAt: 3 }]);
    expect(outcome).toEqual({ error: reason, at: 3 });
    expect(settled).toEqual([]);
  });

  it('nothing happens before the loop is started, nor for a send already settled', async () => {
    const idle = harness({ a: [{ after: 0, value: 'ok' }], b: [] }, {}, false);
    await vi.advanceTimersByTimeAsync(10);
    expect(idle.calls).toEqual([]);
    idle.ticket.abort(new Error('gone'));
    sendWithRetriesCallback(idle.plan, idle.ticket);
    await vi.advanceTimersByTimeAsync(10);
    expect(idle.calls).toEqual([]);
    expect(idle.settled).toEqual([]);
  });

  it('fails with no-route when the selector finds no queue, and with the last cause when a retry finds none', async () => {
    expect(harness({}, { select: () => undefined }).outcome).toEqual({ error: expect.objectContaining({ kind: 'no-route' }), at: 0 });
    const once = harness({ a: [{ after: 1, error: brokerError(1, 'system error') }] }, { select: (last) => (last ? undefined : queues[0]) });
    await vi.advanceTimersByTimeAsync(10);
    expect(once.outcome).toEqual({ error: expect.objectContaining({ kind: 'send-failed', responseCode: 1 }), at: 1 });
  });

  it('retries a stored-but-not-OK answer when asked to, and returns the last answer when out of attempts', async () => {
    const slow = (): Step => ({ after: 1, value: 'FLUSH_DISK_TIMEOUT' });
    const { settled, outcome } = harness({ a: [slow(), slow()], b: [slow()] }, { retryValue: (v) => v !== 'SEND_OK' });
    await vi.advanceTimersByTimeAsync(10);
    expect(outcome).toEqual({ value: 'FLUSH_DISK_TIMEOUT', at: 3 });
    expect(settled.map((s) => s.retrying)).toEqual([true, true, false]);
  });

  it('a broker without a master address counts as a failed, retriable attempt', async () => {
    const { calls, outcome } = harness({ b: [{ after: 1, value: 'ok' }] }, { addressOf: (q) => (q.brokerName === 'a' ? undefined : 'b:1') });
    await vi.advanceTimersByTimeAsync(10);
    expect(calls.map((c) => c.broker)).toEqual(['b']);
    expect(outcome).toEqual({ value: 'ok', at: 1 });
  });
});
