import 'reflect-metadata';
import { Container } from 'inversify';
import { interval } from 'rxjs';
import { createRocketMQApp, RocketMQModule } from '../../index.js';
import { sampleCluster } from '../support/cluster.js';
import { summarize, type Summary } from '../support/summary.js';
import { waitFor } from '../support/wait.js';
import { GROUP, QUEUE_THRESHOLD, ReportBuilder, ReportRequests } from './reports.js';

/** Back-pressure: a slow handler and a large backlog; the process queues never hold more than their threshold. */
export async function main({ messages = 3000 }: { messages?: number } = {}): Promise<Summary> {
  const cluster = sampleCluster();
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(ReportRequests).toSelf();
  container.bind(ReportBuilder).toSelf();
  container.loadSync(RocketMQModule(cluster.moduleOptions()));
  const app = createRocketMQApp(container);
  let pauses = 0;
  app.events$.subscribe((e) => {
    if (e.type === 'consumer-event' && e.event.type === 'flow-control' && e.event.paused) pauses += 1;
  });
  await app.start();
  console.log(`backpressure on ${cluster.label}`);
  const samples: number[] = [];
  const sampler = interval(100).subscribe(() => {
    const stats = app.consumer(GROUP)?.stats();
    if (stats) samples.push(Math.max(0, ...stats.queues.map((q) => q.cachedCount)));
  });
  let peak = 0;
  try {
    await container.get(ReportRequests).flood(messages);
    const builder = container.get(ReportBuilder);
    await waitFor(builder.built.count$, (n) => n >= messages, `${messages} built reports`, cluster.patienceMs);
    peak = app.consumer(GROUP)!.stats().counters.peakQueueCount;
  } finally {
    sampler.unsubscribe();
    await app.stop();
  }
  console.log(`  largest process queue, sampled every 100 ms: ${samples.join(' ')}`);
  console.log(`  peak held by one queue: ${peak} (threshold ${QUEUE_THRESHOLD}); pulls paused ${pauses} times for flow control`);
  return summarize('backpressure', `${messages} messages through a slow handler; a queue held at most ${peak} (threshold ${QUEUE_THRESHOLD}), pulls paused ${pauses} times`, {
    'never above the threshold': peak <= QUEUE_THRESHOLD && samples.every((s) => s <= QUEUE_THRESHOLD),
    'flow control engaged': pauses > 0,
  });
}
