import { StoreError } from './store-error.js';
import type { TopicConfigRecord } from './message-store.js';

/** Throws `invalid-argument` unless `offset` is a safe non-negative integer. */
export function checkOffset(name: string, offset: number, context: Record<string, unknown> = {}): void {
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new StoreError('invalid-argument', `${name} must be a non-negative integer`, { ...context, [name]: offset });
  }
}

/** Throws `invalid-argument` for an empty group/topic or a bad queue id or offset in `commitOffset`. */
export function checkCommit(group: string, topic: string, queueId: number, offset: number): void {
  if (typeof group !== 'string' || group.length === 0) {
    throw new StoreError('invalid-argument', 'group must be a non-empty string', { group });
  }
  if (typeof topic !== 'string' || topic.length === 0) {
    throw new StoreError('invalid-argument', 'topic must be a non-empty string', { group, topic });
  }
  if (!Number.isInteger(queueId) || queueId < 0) {
    throw new StoreError('invalid-argument', `invalid queue id ${queueId}`, { group, topic, queueId });
  }
  checkOffset('offset', offset, { group, topic, queueId });
}

/** Throws `invalid-argument` for a topic config without a name. */
export function checkTopicConfig(config: TopicConfigRecord): void {
  if (typeof config?.topicName !== 'string' || config.topicName.length === 0) {
    throw new StoreError('invalid-argument', 'topic config needs a topicName', { topicName: config?.topicName });
  }
}

/** Throws `invalid-argument` for an empty state key or a non-string value. */
export function checkState(key: string, value: string): void {
  if (typeof key !== 'string' || key.length === 0 || typeof value !== 'string') {
    throw new StoreError('invalid-argument', 'state key must be a non-empty string and value a string', { key });
  }
}
