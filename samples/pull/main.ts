import {
  createProducer,
  createPullConsumer,
  Message,
  startEmbeddedBroker,
  type MessageQueue,
  type ProducerClient,
  type PullConsumer,
  type ReceivedMessage,
} from '../../index.js';
import { sampleCluster } from '../support/cluster.js';
import { summarize, type Summary } from '../support/summary.js';

/** Polls until `count` messages came or `timeoutMs` passed. */
async function pollAll(poll: (timeoutMs: number) => Promise<ReceivedMessage[]>, count: number, timeoutMs: number): Promise<ReceivedMessage[]> {
  const out: ReceivedMessage[] = [];
  const deadline = Date.now() + timeoutMs;
  while (out.length < count && Date.now() < deadline) out.push(...(await poll(1_000)));
  return out;
}

/** Sends `messages`, polls them all, commits, then seeks one queue back and reads it again. */
async function exercise(producer: ProducerClient, consumer: PullConsumer, messages: number, patienceMs: number): Promise<Summary> {
  await producer.start();
  for (let n = 0; n < messages; n++) await producer.send(new Message('AuditLog', { n, action: n % 2 ? 'login' : 'logout' }, { tags: 'audit' }));

  await consumer.start();
  const queues: MessageQueue[] = await consumer.fetchMessageQueues('AuditLog');
  await consumer.assign(queues);
  for (const q of queues) await consumer.seekToBegin(q);
  const all = await pollAll((t) => consumer.poll(t), messages, patienceMs);
  await consumer.commit();
  let committed = 0;
  for (const q of queues) committed += (await consumer.committed(q)) ?? 0;
  console.log(`  polled ${all.length} messages from ${queues.length} queues, committed offsets sum to ${committed}`);

  const first = queues.find((q) => all.some((m) => m.queue.queueId === q.queueId && m.queue.brokerName === q.brokerName))!;
  const inFirst = all.filter((m) => m.queue.queueId === first.queueId && m.queue.brokerName === first.brokerName).length;
  await consumer.seek(first, 0);
  const again = await pollAll((t) => consumer.poll(t), inFirst, patienceMs);
  console.log(`  after seek(${first.brokerName}#${first.queueId}, 0): read ${again.length} messages of that queue again`);
  return summarize('pull', `polled ${all.length} messages, committed ${committed}, re-read ${again.length} from queue ${first.queueId} after a seek`, {
    'every message polled once': all.length === messages && new Set(all.map((m) => m.msgId)).size === messages,
    'commit wrote every offset': committed === messages,
    'seek re-read the queue': again.length === inFirst && again.every((m) => m.queue.queueId === first.queueId),
  });
}

/**
 * Pull: the application asks for messages instead of registering a handler (the Java `DefaultLitePullConsumer`):
 * assign queues, seek, poll, commit explicitly, and seek back to read again. No decorators here — the core API and
 * its factories over the native client. Whatever fails, everything made so far is shut down (the consumer, then
 * the producer, then the broker).
 */
export async function main({ messages = 40 }: { messages?: number } = {}): Promise<Summary> {
  const cluster = sampleCluster();
  const broker = cluster.nameServer ? undefined : await startEmbeddedBroker({ port: 0 });
  try {
    const nameServer = cluster.nameServer ?? broker!.address;
    const common = { nameServer, ...(cluster.namespace ? { namespace: cluster.namespace } : {}) };
    console.log(`pull on ${cluster.label}`);
    const producer = createProducer({ ...common, group: 'audit-writer' });
    try {
      const consumer = createPullConsumer({ ...common, group: 'audit-reader', autoCommit: false });
      try {
        return await exercise(producer, consumer, messages, cluster.patienceMs);
      } finally {
        await consumer.shutdown();
      }
    } finally {
      await producer.shutdown();
    }
  } finally {
    await broker?.close();
  }
}
