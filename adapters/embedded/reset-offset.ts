import type { QueueOffset } from '../remoting/protocol/body/reset-offset.js';
import type { EmbeddedBrokerInstance } from './broker-instance.js';
import { isFailure } from './engine/outcome.js';
import { EmbeddedBrokerError } from './errors.js';

/** What {@link resetGroupOffsets} resets: a consumer group's offsets of one topic, to a time. */
export interface GroupOffsetReset {
  group: string;
  topic: string;
  /** Store time (ms) to go back (or forward) to; `-1`: the end of every queue. */
  timestamp: number;
  /** `false` only moves offsets backwards. Default `true`, as `mqadmin resetOffsetByTime`. */
  isForce?: boolean;
}

/**
 * What `mqadmin resetOffsetByTime` does, without a socket: INVOKE_BROKER_TO_RESET_OFFSET on every running broker
 * that has the topic; each commits the new offsets and pushes them to the group's consumers connected to it. Resolves
 * with every queue's new offset; rejects with `reset-offset-failed` (context: `broker`, `code`, `remark`) at the first
 * broker that refuses, as the Java admin does (e.g. CONSUMER_NOT_ONLINE 206, or a queue the group never committed).
 */
export async function resetGroupOffsets(brokers: readonly EmbeddedBrokerInstance[], req: GroupOffsetReset): Promise<QueueOffset[]> {
  const holders = brokers.filter((b) => !b.closed && b.broker.topicConfig(req.topic) !== undefined);
  if (holders.length === 0) {
    throw new EmbeddedBrokerError('reset-offset-failed', `no running broker has the topic ${req.topic}`, { topic: req.topic, group: req.group });
  }
  const all: QueueOffset[] = [];
  for (const b of holders) {
    const outcome = await b.broker.resetOffset({ topic: req.topic, group: req.group, timestamp: req.timestamp, isForce: req.isForce ?? true });
    if (isFailure(outcome)) {
      throw new EmbeddedBrokerError('reset-offset-failed', `${b.name} refused to reset the offsets of ${req.group} on ${req.topic}: ${outcome.remark}`, {
        broker: b.name, code: outcome.code, remark: outcome.remark, topic: req.topic, group: req.group,
      });
    }
    all.push(...outcome.offsets);
  }
  return all;
}
