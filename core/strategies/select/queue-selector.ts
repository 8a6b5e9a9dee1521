import type { MessageQueue } from '../../message/message-queue.js';

/** What a selector may consider besides the queues. */
export interface SelectContext {
  /** The broker the previous attempt of this send went to (set on retries). */
  readonly lastBrokerName?: string;
  /** The message's sharding key, for per-key order. */
  readonly shardingKey?: string;
}

/**
 * Picks the queue a message is sent to, from the topic's writable queues (in route order). Returns
 * `undefined` only when `queues` is empty.
 */
export type QueueSelector = (queues: readonly MessageQueue[], ctx: SelectContext) => MessageQueue | undefined;

/** Java `Math.abs(index & Integer.MAX_VALUE) % n`: a position from an ever-growing counter. */
export function positionOf(counter: number, n: number): number {
  return (counter & 0x7fffffff) % n;
}
