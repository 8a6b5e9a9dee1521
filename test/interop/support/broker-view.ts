/** What the embedded broker knows about a group's progress, read from its engines (no client involved). */
import type { EmbeddedBroker } from '../../../adapters/embedded/index.js';

/** One queue: the group's committed offset there (−1 when none) and the queue's max offset. */
export interface QueueProgress {
  readonly queue: string;
  readonly committed: number;
  readonly max: number;
}

/** The committed and max offsets of `group` on every queue of `topic` on every broker. */
export async function consumeProgress(mq: EmbeddedBroker, group: string, topic: string): Promise<QueueProgress[]> {
  const out: QueueProgress[] = [];
  for (const { name, broker } of mq.brokers) {
    const queues = broker.topicConfig(topic)?.readQueueNums ?? 0;
    for (let queueId = 0; queueId < queues; queueId++) {
      const committed = await broker.queryConsumerOffset({ topic, queueId, consumerGroup: group });
      const max = await broker.maxOffset({ topic, queueId });
      out.push({
        queue: `${name}#${queueId}`,
        committed: 'offset' in committed ? committed.offset : -1,
        max: 'offset' in max ? max.offset : -1,
      });
    }
  }
  return out;
}

/**
 * Creates `topic` with `queues` queues on each of `brokers` (they register it with the name server at once). ali-ons
 * cannot send to a topic the name server does not know (its route look-up throws TOPIC_NOT_EXIST instead of falling
 * back to TBW102), so its topics are created first.
 */
export async function createTopic(brokers: EmbeddedBroker['brokers'], topic: string, queues: number): Promise<void> {
  for (const { name, broker } of brokers) {
    const done = await broker.createTopic(topic, queues);
    if ('remark' in done) throw new Error(`creating ${topic} on ${name} failed: ${done.remark}`);
  }
}
