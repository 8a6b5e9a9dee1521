import { RocketMQError } from '../errors.js';
import type { MessageQueue } from '../message/message-queue.js';
import { isBrokerResponseError } from '../ports/errors.js';

/** What went wrong with a send. */
export type SendErrorKind =
  /** Every attempt failed (or the one attempt failed with a code that is not retried). */
  | 'send-failed'
  /** The last attempt ran out of time. */
  | 'send-timeout'
  /** No route for the topic, or the route has no writable queue. */
  | 'no-route'
  /** A send before `start()`. */
  | 'producer-not-started'
  /** A send after `shutdown()` began. */
  | 'producer-shut-down'
  /** The caller's AbortSignal fired before the broker answered (the message may still have been stored). */
  | 'send-aborted';

/** One try of a send: where it went, how long it took and why it failed. */
export interface SendAttempt {
  /** 1-based. */
  readonly attempt: number;
  readonly queue: MessageQueue;
  readonly brokerAddr: string | undefined;
  readonly latencyMs: number;
  readonly error: unknown;
}

/** The fields a `SendError` carries besides its kind; `attempts` lists each try with its cause. */
export interface SendErrorDetails {
  readonly topic?: string;
  readonly brokerName?: string;
  readonly brokerAddr?: string;
  readonly queue?: MessageQueue;
  readonly responseCode?: number;
  readonly remark?: string;
  readonly attempts?: readonly SendAttempt[];
  /** Set when the send went out in an auto batch (`autoBatch`): how many messages that batch held. */
  readonly autoBatchSize?: number;
}

/**
 * A send that did not end in a stored message. For `send-failed` / `send-timeout` the broker, queue, response code
 * and remark are those of the last attempt and `cause` is its error; `attempts` lists every try.
 */
export class SendError extends RocketMQError {
  declare readonly kind: SendErrorKind;
  readonly brokerName: string | undefined;
  readonly queue: MessageQueue | undefined;
  readonly responseCode: number | undefined;
  readonly remark: string | undefined;
  readonly attempts: readonly SendAttempt[];

  constructor(kind: SendErrorKind, message: string, details: SendErrorDetails = {}, options?: { cause?: unknown }) {
    super(kind, message, { ...details }, options);
    this.brokerName = details.brokerName;
    this.queue = details.queue;
    this.responseCode = details.responseCode;
    this.remark = details.remark;
    this.attempts = details.attempts ?? [];
  }
}

/** A send error from the attempts that failed: the last one names the broker, code and remark. */
export function sendErrorFromAttempts(topic: string, attempts: readonly SendAttempt[], timedOut: boolean): SendError {
  const last = attempts[attempts.length - 1]!;
  const code = isBrokerResponseError(last.error) ? last.error.code : undefined;
  const remark = isBrokerResponseError(last.error) ? last.error.remark : describe(last.error);
  const kind: SendErrorKind = timedOut ? 'send-timeout' : 'send-failed';
  const text = `send to ${topic} failed after ${attempts.length} attempt(s); last on ${last.queue.brokerName}#${last.queue.queueId}: ${remark ?? 'unknown error'}`;
  return new SendError(
    kind,
    text,
    { topic, brokerName: last.queue.brokerName, brokerAddr: last.brokerAddr, queue: last.queue, responseCode: code, remark, attempts },
    { cause: last.error },
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
