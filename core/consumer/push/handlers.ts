import { defaultIfEmpty, from, isObservable, Observable, of, type SchedulerLike, Subscription, takeLast } from 'rxjs';
import type { ReceivedMessage } from '../../message/received-message.js';
import { ConsumerError } from './errors.js';

/** What a handler may return: nothing, a Promise, or an Observable (its completion means done). */
export type HandlerResult<R = unknown> = R | void | PromiseLike<R | void> | Observable<R | void>;

/**
 * One message at a time. Returning (or resolving, or completing) means success; throwing, rejecting or erroring
 * means failure: the message is retried (`%RETRY%<group>` or locally) and dead-lettered past `maxReconsumeTimes`.
 */
export type MessageHandler<T = unknown> = (message: ReceivedMessage<T>) => HandlerResult;

/**
 * Up to `consumeBatchSize` messages of one queue, in offset order. The result says how many *leading* messages
 * succeeded (Java `ackIndex` + 1): nothing means all of them, a number `k` means the first `k` (the rest are retried),
 * throwing means none.
 */
export type BatchHandler<T = unknown> = (messages: readonly ReceivedMessage<T>[]) => HandlerResult<number>;

/** An acknowledgement a stream handler emits: a message, several, or an explicit success or failure. */
export type StreamAck<T = unknown> =
  | ReceivedMessage<T>
  | readonly ReceivedMessage<T>[]
  | { readonly messages: ReceivedMessage<T> | readonly ReceivedMessage<T>[]; readonly success: boolean };

/**
 * A reactive pipeline over the messages of every owned queue (e.g. `bufferTime`, then a bulk write, then emit the
 * buffer). Each acknowledged message is released from its process queue and its offset may be committed; a failure
 * acknowledgement sends it to the retry path. Unacknowledged messages keep their queue's offset from advancing and
 * count against the flow-control thresholds, so demand stays bounded.
 */
export type StreamHandler<T = unknown> = (messages$: Observable<ReceivedMessage<T>>) => Observable<StreamAck<T>>;

/** The handler of a push consumer: a function (one message), or one of the three forms named explicitly. */
export type ConsumerHandler<T = unknown> =
  | MessageHandler<T>
  | { readonly message: MessageHandler<T> }
  | { readonly batch: BatchHandler<T> }
  | { readonly stream: StreamHandler<T> };

/** Acknowledge messages as handled (for stream handlers). */
export function ack<T>(messages: ReceivedMessage<T> | readonly ReceivedMessage<T>[]): StreamAck<T> {
  return { messages, success: true };
}

/** Acknowledge messages as failed: they are retried (for stream handlers). */
export function nack<T>(messages: ReceivedMessage<T> | readonly ReceivedMessage<T>[]): StreamAck<T> {
  return { messages, success: false };
}

/**
 * A consumption unit as a cold Observable that emits how many leading messages succeeded and completes, or errors
 * when all failed: the form the orderly dispatcher and CONSUME_MESSAGE_DIRECTLY use (the concurrent dispatcher
 * calls the handler through a plain-callback `ConsumeCall`, see `consume-call.ts`).
 */
export type ConsumeFn = (messages: readonly ReceivedMessage[]) => Observable<number>;

/** Turns whatever a handler returned into an Observable of its last value. */
export function resultOf<R>(result: HandlerResult<R>): Observable<R | void> {
  if (isObservable(result)) return (result as Observable<R | void>).pipe(takeLast(1), defaultIfEmpty(undefined));
  if (isPromiseLike(result)) return from(result as PromiseLike<R | void>);
  return of(result as R | void);
}

/** Whether a handler's result is a Promise (or any thenable). */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Bounds a consumption unit by `timeoutMs`; past it the unit fails with `ConsumerError('consume-timeout')`. The timer
 * is armed only when the unit has not answered synchronously (as rxjs `timeout` does). CONSUME_MESSAGE_DIRECTLY
 * uses it; the concurrent dispatcher arms the same timeout itself.
 */
export function withConsumeTimeout(consume: ConsumeFn, timeoutMs: number, scheduler: SchedulerLike): ConsumeFn {
  return (messages) =>
    new Observable<number>((subscriber) => {
      let answered = false;
      const timer = new Subscription();
      const source = consume(messages).subscribe({
        next: (n) => {
          answered = true;
          timer.unsubscribe();
          subscriber.next(n);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
      if (!answered && !source.closed) {
        timer.add(
          scheduler.schedule(() => {
            source.unsubscribe();
            subscriber.error(
              new ConsumerError('consume-timeout', `handler did not finish within ${timeoutMs} ms`, { timeoutMs, msgIds: messages.map((m) => m.msgId) }),
            );
          }, timeoutMs),
        );
      }
      return () => {
        timer.unsubscribe();
        source.unsubscribe();
      };
    });
}
