import { asyncScheduler } from 'rxjs';
import type { MessageQueue } from '../../../core/message/message-queue.js';
import type { Cancelable } from '../../../core/ports/broker-port.js';
import { isRetriableSendError } from '../../../core/producer/retry-policy.js';
import { Deadlines, schedulerTimers } from '../../../core/util/deadlines.js';
import type { CallbackRetryPlan } from '../../../core/producer/send-attempts.js';

/** Queue 0 of brokers a and b. */
export const queues: MessageQueue[] = [
  { topic: 'T', brokerName: 'a', queueId: 0 },
  { topic: 'T', brokerName: 'b', queueId: 0 },
];

/** Picks broker a first, then anything but the broker that just failed (what the round robin guarantees). */
export const select = (last: string | undefined): MessageQueue | undefined => (last === undefined ? queues[0] : queues.find((q) => q.brokerName !== last));

/** A signal a test's attempt watches, and the handle the loop cancels it through. */
export function cancelSignal(): { signal: AbortSignal; cancel: Cancelable } {
  const controller = new AbortController();
  return { signal: controller.signal, cancel: { cancel: (reason) => controller.abort(reason) } };
}

/** A test's attempt: the request as a Promise (the plan hands its outcome to the loop's reply). */
export type ScriptedAttempt = (queue: MessageQueue, brokerAddr: string, timeoutMs: number, signal: AbortSignal) => Promise<string>;

/**
 * A retry plan over brokers a and b (3 attempts of 30 ms, the producer's retriable errors, the async scheduler) with
 * the test's own attempt, answer and settle callbacks; `over` replaces any of it.
 */
export function twoBrokerPlan(
  parts: Pick<CallbackRetryPlan<string>, 'done' | 'onSettled'> & { readonly attempt?: ScriptedAttempt },
  over: Partial<CallbackRetryPlan<string>> = {},
): CallbackRetryPlan<string> {
  const scripted = parts.attempt;
  return {
    topic: 'T',
    maxAttempts: 3,
    timeoutMs: 30,
    scheduler: asyncScheduler,
    deadlines: new Deadlines(schedulerTimers(over.scheduler ?? asyncScheduler)),
    select,
    addressOf: (q) => `${q.brokerName}:10911`,
    isRetriable: isRetriableSendError,
    attempt: (queue, addr, timeoutMs, _startedAt, reply) => {
      const { signal, cancel } = cancelSignal();
      scripted!(queue, addr, timeoutMs, signal).then(
        (value) => reply.resolved(value),
        (error: unknown) => reply.rejected(error),
      );
      return cancel;
    },
    done: parts.done,
    ...(parts.onSettled === undefined ? {} : { onSettled: parts.onSettled }),
    ...over,
  };
}
