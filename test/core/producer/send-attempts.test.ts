import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InFlightLimiter } from '../../../core/producer/in-flight-limiter.js';
import type { MessageQueue } from '../../../core/message/message-queue.js';
import type { Reply } from '../../../core/ports/broker-port.js';
import { type AttemptSettled, type CallbackRetryPlan, sendWithRetriesCallback } from '../../../core/producer/send-attempts.js';
import type { SendResult } from '../../../core/producer/send-result.js';
import { SendTicket } from '../../../core/producer/send-ticket.js';
import { brokerError } from '../fakes/fake-port.js';
import { cancelSignal, twoBrokerPlan } from './retry-plan.js';


interface Call {
  readonly broker: string;
  readonly signal: AbortSignal;
  resolve(value: string): void;
  reject(error: unknown): void;
}

/** A send's ticket that records how it ended, and the plan's `done` that resolves it with the answer and its queue. */
function outcomeTicket() {
  const outcome: { value?: string; queue?: string; error?: unknown } = {};
  const ticket = new SendTicket(
    () => undefined,
    (r: SendResult) => (outcome.value = r.msgId),
    (e) => (outcome.error = e),
  );
  const done = (value: string, queue: MessageQueue): void => {
    outcome.queue = queue.brokerName;
    ticket.resolve({ status: 'SEND_OK', msgId: value, offsetMsgId: '', queue, queueOffset: 0 });
  };
  return { outcome, ticket, done };
}

/** A loop over scripted attempts: each attempt is a pending Promise the test settles. */
function harness(over: Partial<CallbackRetryPlan<string>> = {}) {
  const calls: Call[] = [];
  const settled: AttemptSettled<string>[] = [];
  const { outcome, ticket, done } = outcomeTicket();
  const plan = twoBrokerPlan(
    {
      attempt: (q, _addr, _t, signal) => new Promise<string>((resolve, reject) => calls.push({ broker: q.brokerName, signal, resolve, reject })),
      onSettled: (s) => settled.push(s),
      done,
    },
    over,
  );
  sendWithRetriesCallback(plan, ticket);
  return { calls, settled, outcome, ticket };
}

describe('sendWithRetriesCallback', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports failures and retried answers but not the final answer when settlesAnswers is false', async () => {
    const { calls, settled, outcome } = harness({ settlesAnswers: false, retryValue: (v) => v === 'not stored' });
    calls[0]!.reject(brokerError(14, 'store not writable'));
    await vi.advanceTimersByTimeAsync(2);
    calls[1]!.resolve('not stored');
    await vi.advanceTimersByTimeAsync(2);
    calls[2]!.resolve('ok');
    await vi.advanceTimersByTimeAsync(0);
    expect(outcome).toEqual({ value: 'ok', queue: 'a' });
    expect(settled.map((s) => [s.attempt, s.queue.brokerName, s.retrying, s.value ?? 'error'])).toEqual([
      [1, 'a', true, 'error'],
      [2, 'b', true, 'not stored'],
    ]);
  });

  it('retries a retriable failure on the other broker and ends with the answer and its queue', async () => {
    const { calls, settled, outcome } = harness();
    calls[0]!.reject(brokerError(14, 'store not writable'));
    await vi.advanceTimersByTimeAsync(2);
    expect(calls.map((c) => c.broker)).toEqual(['a', 'b']);
    calls[1]!.resolve('ok');
    await vi.advanceTimersByTimeAsync(0);
    expect(outcome).toEqual({ value: 'ok', queue: 'b' });
    expect(settled.map((s) => [s.attempt, s.queue.brokerName, s.retrying])).toEqual([
      [1, 'a', true],
      [2, 'b', false],
    ]);
  });

  it('times out each attempt, aborting its request, and fails with send-timeout after the last', async () => {
    const { calls, outcome } = harness();
    await vi.advanceTimersByTimeAsync(90);
    expect(calls).toHaveLength(3);
    expect(calls.every((c) => c.signal.aborted)).toBe(true);
    expect(outcome.error).toMatchObject({ kind: 'send-timeout', attempts: [{ attempt: 1 }, { attempt: 2 }, { attempt: 3 }] });
    calls[0]!.resolve('late');
    await vi.advanceTimersByTimeAsync(0);
    expect(outcome.value).toBeUndefined();
  });

  it('fails at once on a code that is not retried', async () => {
    const { calls, outcome } = harness();
    calls[0]!.reject(brokerError(13, 'message illegal'));
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    expect(outcome.error).toMatchObject({ kind: 'send-failed', responseCode: 13, remark: 'message illegal' });
  });

  it('abandoning the ticket aborts the request in flight, reports nothing more and rejects with the reason', async () => {
    const { calls, settled, outcome, ticket } = harness();
    const reason = new Error('left');
    ticket.abort(reason);
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(outcome.error).toBe(reason);
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toHaveLength(1);
    expect(settled).toEqual([]);
  });

  it('a selector that throws fails the send; one that finds no queue fails with no-route', () => {
    const boom = new Error('selector bug');
    expect(harness({ select: () => { throw boom; } }).outcome.error).toBe(boom);
    expect(harness({ select: () => undefined }).outcome.error).toMatchObject({ kind: 'no-route' });
  });
});

/** The same loop, the plan answering the loop's Reply itself (as the port's `sendTo` does), sometimes at once. */
describe('sendWithRetriesCallback, attempts through a Reply', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function replyHarness(answerAtOnce?: (broker: string) => unknown) {
    const calls: { broker: string; signal: AbortSignal; reply: Reply<string> }[] = [];
    const { outcome, ticket, done } = outcomeTicket();
    const plan = twoBrokerPlan(
      { done },
      {
        attempt: (q, _addr, _t, _started, reply) => {
          const { signal, cancel } = cancelSignal();
          calls.push({ broker: q.brokerName, signal, reply });
          const error = answerAtOnce?.(q.brokerName);
          if (error !== undefined) reply.rejected(error);
          return cancel;
        },
      },
    );
    sendWithRetriesCallback(plan, ticket);
    return { calls, outcome, ticket };
  }

  it('retries on the other broker and ends with the answer; a late answer of an ended attempt is ignored', async () => {
    const { calls, outcome } = replyHarness();
    calls[0]!.reply.rejected(brokerError(14, 'store not writable'));
    expect(calls.map((c) => c.broker)).toEqual(['a', 'b']);
    await vi.advanceTimersByTimeAsync(30);
    expect(calls[1]!.signal.aborted).toBe(true);
    calls[1]!.reply.resolved('too late');
    calls[2]!.reply.resolved('ok');
    expect(outcome).toEqual({ value: 'ok', queue: 'a' });
  });

  it('keeps each attempt\'s own timeout when a reply comes inside the call that made the attempt', async () => {
    // Broker a fails at once, inside attempt (which a port must not do); b is given its whole 30 ms from its own start.
    const { calls, outcome } = replyHarness((broker) => (broker === 'a' ? brokerError(14, 'store not writable') : undefined));
    expect(calls.map((c) => c.broker)).toEqual(['a', 'b']);
    await vi.advanceTimersByTimeAsync(5);
    expect(calls[1]!.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(24);
    expect(calls[1]!.signal.aborted).toBe(false);
    calls[1]!.reply.resolved('ok');
    expect(outcome).toEqual({ value: 'ok', queue: 'b' });
  });

  it('abandoning the send after such a reply aborts the attempt then in flight', () => {
    const { calls, outcome, ticket } = replyHarness((broker) => (broker === 'a' ? brokerError(14, 'store not writable') : undefined));
    const reason = new Error('left');
    ticket.abort(reason);
    expect(calls[1]!.signal.aborted).toBe(true);
    expect(outcome.error).toBe(reason);
  });
});

describe('InFlightLimiter (semaphore API)', () => {
  it('tryEnter takes room only when nobody waits; release admits waiters in order; leave keeps the order of the rest', () => {
    const limiter = new InFlightLimiter(1, 100);
    const admitted: string[] = [];
    expect(limiter.tryEnter(10)).toBe(true);
    expect(limiter.tryEnter(10)).toBe(false);
    limiter.wait(10, () => admitted.push('a'));
    const b = limiter.wait(10, () => admitted.push('b'));
    limiter.wait(10, () => admitted.push('c'));
    limiter.leave(b);
    expect([limiter.inFlight, limiter.waiting]).toEqual([1, 2]);
    limiter.release(10);
    expect(admitted).toEqual(['a']);
    expect(limiter.tryEnter(1)).toBe(false);
    limiter.release(10);
    limiter.release(10);
    expect(admitted).toEqual(['a', 'c']);
    expect([limiter.inFlight, limiter.inFlightBytes, limiter.waiting]).toEqual([0, 0, 0]);
  });
});
