import type { MessageQueue } from '../../message/message-queue.js';
import type { AllocateStrategy } from './allocate-strategy.js';

/**
 * Java `AllocateMessageQueueByConfig` ("CONFIG"): always the given queues, whatever the group looks
 * like. The caller must make the clients' lists disjoint.
 */
export function allocateByConfig(queues: readonly MessageQueue[]): AllocateStrategy {
  const fixed = Object.freeze([...queues]);
  return () => [...fixed];
}
