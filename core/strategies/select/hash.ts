import { javaStringHashCode } from '../../util/java-hash.js';
import { ValidationError } from '../../validation/validation-error.js';
import type { QueueSelector } from './queue-selector.js';

/**
 * Java `SelectMessageQueueByHash` for a string key: `abs(key.hashCode() % n)`. Taking the remainder
 * before the absolute value keeps `Integer.MIN_VALUE` hashes in range. The same key always maps to the
 * same queue while the queue count stays the same. Throws `ValidationError('invalid-message')` when the
 * message has no sharding key.
 */
export const hashSelector: QueueSelector = (queues, ctx) => {
  if (queues.length === 0) return undefined;
  if (typeof ctx.shardingKey !== 'string') {
    throw new ValidationError('invalid-message', 'shardingKey', ctx.shardingKey, 'is required by the hash selector');
  }
  return queues[hashIndex(ctx.shardingKey, queues.length)];
};

/** The queue index {@link hashSelector} picks for `key` among `n` queues. */
export function hashIndex(key: string, n: number): number {
  return Math.abs(javaStringHashCode(key) % n);
}
