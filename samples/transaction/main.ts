import 'reflect-metadata';
import { Container } from 'inversify';
import { createRocketMQApp, RocketMQModule } from '../../index.js';
import { sampleCluster } from '../support/cluster.js';
import { summarize, type Summary } from '../support/summary.js';
import { waitFor } from '../support/wait.js';
import { CreditService, Database, TransferService } from './bank.js';

/** Transactions: a commit, a rollback, and an unknown outcome settled by the broker's check-back. */
export async function main(): Promise<Summary> {
  const cluster = sampleCluster();
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(Database).toSelf();
  container.bind(TransferService).toSelf();
  container.bind(CreditService).toSelf();
  // The embedded broker checks unknown transactions after 1 s (a real broker: after 6 s, checking every 60 s).
  container.loadSync(RocketMQModule(cluster.moduleOptions({ embedded: { engine: { transactionTimeoutMs: 1_000, transactionCheckIntervalMs: 500 } } })));
  const app = createRocketMQApp(container);
  await app.start();
  console.log(`transaction on ${cluster.label}`);
  try {
    const service = container.get(TransferService);
    const results = [];
    for (const t of [
      { id: 'tx-commit', amount: 100, outcome: 'commit' },
      { id: 'tx-rollback', amount: 200, outcome: 'rollback' },
      { id: 'tx-unknown', amount: 300, outcome: 'unknown' },
    ] as const) {
      const r = await service.transfer(t);
      results.push(r);
      console.log(`  ${t.id}: local transaction said ${r.localTransactionState}`);
    }
    const credit = container.get(CreditService);
    const db = container.get(Database);
    await waitFor(db.checks.count$, (n) => n >= 1, 'the check-back of tx-unknown', cluster.patienceMs);
    await waitFor(credit.credited.count$, (n) => n >= 2, 'two credited transfers', cluster.patienceMs);
    console.log(`  broker checked back: ${[...new Set(db.checks.all)].join(', ')}`);
    console.log(`  credited: ${credit.credited.all.join(', ')}`);
    const credited = [...credit.credited.all].sort();
    return summarize('transaction', `committed tx-commit, rolled back tx-rollback, check-back committed tx-unknown; credited ${credited.join(' and ')}`, {
      'local states COMMIT, ROLLBACK, UNKNOWN': results.map((r) => r.localTransactionState).join() === 'COMMIT,ROLLBACK,UNKNOWN',
      'the broker checked tx-unknown': db.checks.all.includes('tx-unknown'),
      'only committed transfers credited': credited.join() === 'tx-commit,tx-unknown',
    });
  } finally {
    await app.stop();
  }
}
