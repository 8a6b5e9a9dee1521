import { isObservable, Observable, type Unsubscribable } from 'rxjs';
import type { ReceivedMessage } from '../../message/received-message.js';
import { ConsumerError } from './errors.js';
import { type BatchHandler, type ConsumeFn, isPromiseLike, type MessageHandler, resultOf } from './handlers.js';

/**
 * The messages of one consumption unit: a unit of one message is the message itself (no array is made for it),
 * a larger unit the array of its messages, in offset order.
 */
export type ConsumeUnit = ReceivedMessage | readonly ReceivedMessage[];

/** Where a consume call answers, at most once: how many leading messages succeeded, or that all failed. */
export interface ConsumeAnswer {
  done(succeeded: number): void;
  fail(error: unknown): void;
}

/**
 * The handler applied to one unit, as plain callbacks: it answers `answer` (synchronously when the handler returned
 * at once) and returns what releases the call while it is still running (a pending Promise or Observable), or
 * `undefined` when nothing is left to release. It never throws: a handler's throw is a `fail`.
 */
export type ConsumeCall = (unit: ConsumeUnit, answer: ConsumeAnswer) => Unsubscribable | undefined;

/** The messages of a unit as an array. */
export function unitMessages(unit: ConsumeUnit): readonly ReceivedMessage[] {
  return isMessageList(unit) ? unit : [unit];
}

/** How many messages a unit has. */
export function unitLength(unit: ConsumeUnit): number {
  return isMessageList(unit) ? unit.length : 1;
}

function isMessageList(unit: ConsumeUnit): unit is readonly ReceivedMessage[] {
  return Array.isArray(unit);
}

/** Answers `answer` with what a handler returned: at once for a plain value, else when it settles (cancellable). */
function answerWith(result: unknown, answer: ConsumeAnswer, count: (value: unknown) => number): Unsubscribable | undefined {
  if (isObservable(result)) {
    return resultOf(result).subscribe({ next: (value) => answer.done(count(value)), error: (error: unknown) => answer.fail(error) });
  }
  if (isPromiseLike(result)) return answerLater(result, answer, count);
  answer.done(count(result));
  return undefined;
}

function answerLater(result: PromiseLike<unknown>, answer: ConsumeAnswer, count: (value: unknown) => number): Unsubscribable {
  const call = { live: true, unsubscribe: () => (call.live = false) };
  result.then(
    (value) => {
      if (call.live) answer.done(count(value));
    },
    (error: unknown) => {
      if (call.live) answer.fail(error);
    },
  );
  return call;
}

const ONE = (): number => 1;

/** The consume call of a one-message handler (units of one message): success is 1, a throw or rejection a failure. */
export function callMessageHandler(handler: MessageHandler): ConsumeCall {
  return (unit, answer) => {
    let result: unknown;
    try {
      result = handler(isMessageList(unit) ? unit[0]! : unit);
    } catch (error) {
      answer.fail(error);
      return undefined;
    }
    return answerWith(result, answer, ONE);
  };
}

/** A batch handler's answer as a leading-success count: a finite number clamped to the batch, else the whole batch. */
export function clampCount(value: unknown, size: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, Math.min(size, Math.floor(value))) : size;
}

/** The consume call of a batch handler: the leading-success count it answers, clamped to the batch. */
export function callBatchHandler(handler: BatchHandler): ConsumeCall {
  return (unit, answer) => {
    const messages = unitMessages(unit);
    let result: unknown;
    try {
      result = handler(messages);
    } catch (error) {
      answer.fail(error);
      return undefined;
    }
    return answerWith(result, answer, (value) => clampCount(value, messages.length));
  };
}

/**
 * A consume function given as an Observable as a consume call: its first value answers, an error (or completing
 * without a value) fails.
 */
export function callOf(consume: ConsumeFn): ConsumeCall {
  return (unit, answer) => {
    let answered = false;
    const subscription = consume(unitMessages(unit)).subscribe({
      next: (n) => {
        if (answered) return;
        answered = true;
        answer.done(n);
      },
      error: (error: unknown) => {
        if (answered) return;
        answered = true;
        answer.fail(error);
      },
      complete: () => {
        if (answered) return;
        answered = true;
        answer.fail(new ConsumerError('message-nacked', 'the consume function completed without an answer', { msgIds: unitMessages(unit).map((m) => m.msgId) }));
      },
    });
    return subscription.closed ? undefined : subscription;
  };
}

/** A consume call as a cold Observable that emits the leading-success count and completes, or errors. */
export function observableOf(call: ConsumeCall): ConsumeFn {
  return (messages) =>
    new Observable<number>((subscriber) => {
      const running = call(messages.length === 1 ? messages[0]! : messages, {
        done: (n) => {
          subscriber.next(n);
          subscriber.complete();
        },
        fail: (error) => subscriber.error(error),
      });
      return running === undefined ? undefined : () => running.unsubscribe();
    });
}
