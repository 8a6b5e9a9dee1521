import type { Message } from '../message/message.js';
import { type MessageQueue, sameQueue } from '../message/message-queue.js';
import { hashSelector } from '../strategies/select/hash.js';
import { ValidationError } from '../validation/validation-error.js';
import type { PickQueue } from './send-pipeline.js';

/** Chooses the queue of an orderly send (Java `MessageQueueSelector`): gets the topic's publish queues. */
export type MessageQueueSelectorFn<A = unknown> = (queues: readonly MessageQueue[], message: Message, arg: A) => MessageQueue | undefined;

/**
 * The queue choice of an orderly send: a sharding key hashed over the publish queues (Java
 * `SelectMessageQueueByHash`, so one key keeps one queue while the queue count stays the same), or a custom
 * selector. Like Java's `send(msg, selector, arg)` (`sendSelectImpl`), an orderly send is **one attempt**: it is
 * never retried on another queue, because that would break the key's order; the caller decides what to do with
 * a failure. The chosen queue must be one of the route's publish queues.
 */
export function orderlyPick<A>(message: Message, keyOrSelector: string | MessageQueueSelectorFn<A> | undefined, arg: A): PickQueue {
  return (queues) => {
    const chosen = typeof keyOrSelector === 'function' ? keyOrSelector(queues, message, arg) : byKey(queues, keyOrSelector ?? message.shardingKey);
    if (chosen === undefined) return undefined;
    const known = queues.find((q) => sameQueue(q, chosen));
    if (!known) throw new ValidationError('invalid-message', 'selector', chosen, 'returned a queue that is not a publish queue of the topic');
    return known;
  };
}

function byKey(queues: readonly MessageQueue[], key: string | undefined): MessageQueue | undefined {
  if (typeof key !== 'string' || key.length === 0) {
    throw new ValidationError('invalid-message', 'shardingKey', key, 'is required for an orderly send (or pass a selector)');
  }
  return hashSelector(queues, { shardingKey: key });
}
