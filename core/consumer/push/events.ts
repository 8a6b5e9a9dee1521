import type { MessageQueue } from '../../message/message-queue.js';
import type { OverThreshold } from '../process-queue.js';

/** Why a rebalance ran. */
export type RebalanceReason = 'start' | 'interval' | 'notify' | 'subscription-changed' | 'offset-reset';

/** An offset of one queue. */
export interface QueueOffset {
  readonly queue: MessageQueue;
  readonly offset: number;
}

/**
 * What a push consumer reports on `events$` (the stream completes when the consumer has shut down). Failures the
 * consumer survives are reported here instead of being thrown:
 * - `rebalance`: the owned queues after a rebalance round, with the queues added and removed in it.
 * - `rebalance-failed`: one topic could not be rebalanced this round (no route, no consumer list); it keeps its queues.
 * - `pull-error`: a pull failed; the queue pulls again after `retryInMs`.
 * - `offset-moved`: the broker answered PULL_OFFSET_MOVED; the queue restarts from `nextOffset`.
 * - `flow-control`: a queue stopped (`paused: true`) or resumed pulling because of its process queue's thresholds.
 * - `handler-failed`: a handler threw, rejected, errored, nacked or timed out for these messages.
 * - `retry`: a failed message will be delivered again, through `%RETRY%<group>` (`send-back`) or in this process (`local`).
 * - `send-back-failed`: CONSUMER_SEND_MSG_BACK (and the fallback copy to the retry topic) failed.
 * - `dead-letter`: a message used up its retries and went to `%DLQ%<group>`.
 * - `message-dropped`: a failed message of a broadcasting consumer (which does not retry) was given up.
 * - `offsets-committed`: offsets were written to the broker (clustering) or the local store (broadcasting).
 * - `offset-commit-failed`: writing offsets failed; they are written again at the next round.
 * - `queue-added` / `queue-released`: a queue was taken / given up (`abandoned` in-flight messages not waited for).
 * - `lock-failed` / `lock-lost`: an orderly queue could not be locked, or its lock was not renewed.
 * - `offset-reset`: a RESET_CONSUMER_CLIENT_OFFSET was applied.
 * - `stream-handler-error`: a stream handler's pipeline errored or completed; it is subscribed again.
 * - `broker-request-failed`: answering a broker's request failed.
 * - `dispatch-failed`: settling a handled unit failed unexpectedly (a bug or a throwing collaborator); the unit's
 *   messages stay in the process queue, holding the offset, and are redelivered after a restart or rebalance.
 */
export type ConsumerEvent =
  | {
      readonly type: 'rebalance';
      readonly reason: RebalanceReason;
      readonly added: readonly MessageQueue[];
      readonly removed: readonly MessageQueue[];
      readonly owned: readonly MessageQueue[];
    }
  | { readonly type: 'rebalance-failed'; readonly topic: string; readonly reason: string; readonly error?: unknown }
  | { readonly type: 'pull-error'; readonly queue: MessageQueue; readonly error: unknown; readonly retryInMs: number }
  | { readonly type: 'offset-moved'; readonly queue: MessageQueue; readonly requestedOffset: number; readonly nextOffset: number }
  | { readonly type: 'flow-control'; readonly queue: MessageQueue; readonly reason: OverThreshold; readonly paused: boolean }
  | { readonly type: 'handler-failed'; readonly queue: MessageQueue; readonly msgIds: readonly string[]; readonly error: unknown }
  | {
      readonly type: 'retry';
      readonly queue: MessageQueue;
      readonly msgId: string;
      readonly reconsumeTimes: number;
      readonly via: 'send-back' | 'local';
      readonly delayMs?: number;
    }
  | { readonly type: 'send-back-failed'; readonly queue: MessageQueue; readonly msgId: string; readonly error: unknown }
  | { readonly type: 'dead-letter'; readonly queue: MessageQueue; readonly msgId: string; readonly reconsumeTimes: number }
  | { readonly type: 'message-dropped'; readonly queue: MessageQueue; readonly msgId: string; readonly reason: string }
  | { readonly type: 'offsets-committed'; readonly offsets: readonly QueueOffset[] }
  | { readonly type: 'offset-commit-failed'; readonly queue?: MessageQueue; readonly error: unknown }
  | { readonly type: 'queue-added'; readonly queue: MessageQueue; readonly offset: number }
  | { readonly type: 'queue-released'; readonly queue: MessageQueue; readonly committedOffset: number | undefined; readonly abandoned: number }
  | { readonly type: 'lock-failed'; readonly queue: MessageQueue; readonly error?: unknown }
  | { readonly type: 'lock-lost'; readonly queue: MessageQueue }
  | { readonly type: 'offset-reset'; readonly topic: string; readonly offsets: readonly QueueOffset[] }
  | { readonly type: 'stream-handler-error'; readonly error: unknown }
  | { readonly type: 'broker-request-failed'; readonly request: string; readonly error: unknown }
  | { readonly type: 'dispatch-failed'; readonly queue: MessageQueue; readonly error: unknown };

/** A sink for events; collaborators get one instead of the subject. */
export type ReportConsumerEvent = (event: ConsumerEvent) => void;
