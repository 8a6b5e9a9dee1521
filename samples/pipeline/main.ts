import 'reflect-metadata';
import { Container } from 'inversify';
import { createRocketMQApp, RocketMQModule } from '../../index.js';
import { sampleCluster } from '../support/cluster.js';
import { summarize, type Summary } from '../support/summary.js';
import { waitFor } from '../support/wait.js';
import { ClickLoader, ClickStore, ClickTracker } from './clicks.js';

/** Pipeline: a stream handler batching with bufferTime and acknowledging each batch after one bulk write. */
export async function main({ clicks = 300 }: { clicks?: number } = {}): Promise<Summary> {
  const cluster = sampleCluster();
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(ClickStore).toSelf();
  container.bind(ClickTracker).toSelf();
  container.bind(ClickLoader).toSelf();
  container.loadSync(RocketMQModule(cluster.moduleOptions()));
  const app = createRocketMQApp(container);
  const committedByQueue = new Map<string, number>();
  app.events$.subscribe((e) => {
    if (e.type !== 'consumer-event' || e.event.type !== 'offsets-committed') return;
    for (const { queue, offset } of e.event.offsets) committedByQueue.set(`${queue.topic}@${queue.brokerName}#${queue.queueId}`, offset);
  });
  await app.start();
  console.log(`pipeline on ${cluster.label}`);
  const store = container.get(ClickStore);
  try {
    const tracker = container.get(ClickTracker);
    const pages = ['home', 'cart', 'checkout'];
    await Promise.all(Array.from({ length: clicks }, (_, n) => tracker.track({ page: pages[n % pages.length]!, n })));
    await waitFor(store.rows.count$, (n) => n >= clicks, `${clicks} stored clicks`, cluster.patienceMs);
  } finally {
    await app.stop();
  }
  const committed = [...committedByQueue.values()].reduce((a, b) => a + b, 0);
  const sizes = store.batchSizes;
  console.log(`  ${store.rows.all.length} clicks in ${sizes.length} bulk inserts (largest ${Math.max(...sizes)}, smallest ${Math.min(...sizes)})`);
  console.log(`  offsets committed at stop: ${committed}`);
  return summarize('pipeline', `${store.rows.all.length} clicks stored in ${sizes.length} batches of at most 50, acknowledged per batch`, {
    'every click stored once': store.rows.all.length === clicks && new Set(store.rows.all.map((c) => c.n)).size === clicks,
    'batches of at most 50': Math.max(...sizes) <= 50,
    'fewer writes than clicks': sizes.length < clicks,
    'offsets of every click committed': committed === clicks,
  });
}
