import 'reflect-metadata';
import { Container } from 'inversify';
import { mergeMap, ReplaySubject } from 'rxjs';
import { createRocketMQApp, RocketMQModule } from '../../index.js';
import { sampleCluster } from '../support/cluster.js';
import { summarize, type Summary } from '../support/summary.js';
import { waitFor } from '../support/wait.js';
import { Attempts, Gateways, PaymentRequests } from './handlers.js';

/** Retry and dead letter: one handler succeeds on its third attempt, the other always fails and is dead-lettered. */
export async function main(): Promise<Summary> {
  const cluster = sampleCluster();
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(Attempts).toSelf();
  container.bind(PaymentRequests).toSelf();
  container.bind(Gateways).toSelf();
  container.loadSync(RocketMQModule(cluster.moduleOptions()));
  const app = createRocketMQApp(container);
  const deadLetters = new ReplaySubject<string>();
  app.events$
    .pipe(mergeMap((e) => (e.type === 'consumer-event' && e.event.type === 'dead-letter' ? [`${e.event.msgId} after ${e.event.reconsumeTimes} retries`] : [])))
    .subscribe(deadLetters);
  await app.start();
  console.log(`retry-dlq on ${cluster.label}`);
  try {
    const requests = container.get(PaymentRequests);
    await requests.submit({ id: 'pay-1' }, 'flaky');
    await requests.submit({ id: 'pay-2' }, 'broken');
    const attempts = container.get(Attempts);
    await waitFor(attempts.charged.count$, (n) => n >= 1, 'the flaky payment to go through', cluster.patienceMs);
    const dead = await waitFor(deadLetters, () => true, 'the broken payment to be dead-lettered', cluster.patienceMs);
    for (const line of attempts.attempts.all) console.log(`  ${line}`);
    console.log(`  dead-lettered: ${dead}`);
    const flakyAttempts = attempts.attempts.all.filter((a) => a.includes('(flaky)')).length;
    const brokenAttempts = attempts.attempts.all.filter((a) => a.includes('(broken)')).length;
    return summarize('retry-dlq', `pay-1 charged on attempt ${flakyAttempts}; pay-2 failed ${brokenAttempts} times and went to %DLQ%payment-gateway`, {
      'flaky payment charged on its third attempt': flakyAttempts === 3 && attempts.charged.all[0] === 'pay-1',
      'broken payment tried 3 times': brokenAttempts === 3,
    });
  } finally {
    await app.stop();
  }
}
