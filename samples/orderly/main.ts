import 'reflect-metadata';
import { Container } from 'inversify';
import { createRocketMQApp, RocketMQModule } from '../../index.js';
import { sampleCluster } from '../support/cluster.js';
import { summarize, type Summary } from '../support/summary.js';
import { waitFor } from '../support/wait.js';
import { type AccountOp, Books } from './books.js';
import { AccountOps, BalanceKeeper } from './services.js';

/** Orderly: per-account operations, sent by sharding key and consumed in order under queue locks. */
export async function main({ accounts = 6, opsPerAccount = 20 }: { accounts?: number; opsPerAccount?: number } = {}): Promise<Summary> {
  const cluster = sampleCluster();
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(Books).toSelf();
  container.bind(AccountOps).toSelf();
  container.bind(BalanceKeeper).toSelf();
  container.loadSync(RocketMQModule(cluster.moduleOptions()));
  const app = createRocketMQApp(container);
  await app.start();
  console.log(`orderly on ${cluster.label}`);
  try {
    const ops = container.get(AccountOps);
    const sends: Promise<unknown>[] = [];
    for (let seq = 1; seq <= opsPerAccount; seq++) {
      for (let a = 1; a <= accounts; a++) {
        const op: AccountOp = { account: `acct-${a}`, seq, amount: seq % 3 === 0 ? -5 : 10 };
        sends.push(ops.record(op));
      }
      await Promise.all(sends.splice(0));
    }
    const books = container.get(Books);
    const total = accounts * opsPerAccount;
    await waitFor(books.applied.count$, (n) => n >= total, `${total} applied operations`, cluster.patienceMs);
    for (const [account, balance] of [...books.balances].sort()) console.log(`  ${account}: balance ${balance}`);
    for (const problem of books.outOfOrder) console.log(`  out of order: ${problem}`);
    return summarize('orderly', `${accounts} accounts × ${opsPerAccount} operations applied in send order; at most ${books.maxConcurrentPerQueue} message per queue at a time`, {
      'every operation applied once': books.applied.all.length === total,
      'per-account order kept': books.outOfOrder.length === 0,
      'one message per queue at a time': books.maxConcurrentPerQueue === 1,
    });
  } finally {
    await app.stop();
  }
}
