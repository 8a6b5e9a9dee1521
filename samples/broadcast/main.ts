import 'reflect-metadata';
import { Container } from 'inversify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { createRocketMQApp, RocketMQModule, type RocketMQModuleOptions } from '../../index.js';
import { sampleCluster } from '../support/cluster.js';
import { summarize, type Summary } from '../support/summary.js';
import { waitFor } from '../support/wait.js';
import { PriceAdmin, PriceCache } from './cache.js';

/** One instance of the cache service: its own container and app (as if it were its own process). */
function cacheInstance(options: RocketMQModuleOptions, withAdmin: boolean) {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(PriceCache).toSelf();
  if (withAdmin) container.bind(PriceAdmin).toSelf();
  container.loadSync(RocketMQModule(options));
  return { container, app: createRocketMQApp(container) };
}

/** Broadcasting: two instances of one consumer group each receive every price change. */
export async function main({ changes = 10 }: { changes?: number } = {}): Promise<Summary> {
  const cluster = sampleCluster();
  // The first instance starts the embedded broker (or joins the real cluster); the second joins the same one.
  // Two apps in one process need different client ids, like two processes would have.
  // Broadcasting consumers keep their offsets in files: this run's go to a fresh directory, removed at the end.
  const localOffsetDir = mkdtempSync(join(tmpdir(), 'rocketmq-rx-broadcast-'));
  const first = cacheInstance(cluster.moduleOptions({ clientId: 'cache-1', localOffsetDir }), true);
  await first.app.start();
  const { nameServer } = await firstValueFrom(first.app.ready$);
  const second = cacheInstance(cluster.joinOptions(nameServer, { clientId: 'cache-2', localOffsetDir }), false);
  console.log(`broadcast on ${cluster.label}`);
  try {
    await second.app.start();
    const admin = first.container.get(PriceAdmin);
    for (let i = 1; i <= changes; i++) await admin.change({ sku: `sku-${i}`, price: 100 + i });
    const caches = [first.container.get(PriceCache), second.container.get(PriceCache)];
    for (const [i, cache] of caches.entries()) {
      await waitFor(cache.updates.count$, (n) => n >= changes, `instance ${i + 1} to get ${changes} changes`, cluster.patienceMs);
      console.log(`  instance ${i + 1}: ${cache.updates.all.length} updates, ${cache.prices.size} prices cached`);
    }
    return summarize('broadcast', `both instances received all ${changes} price changes`, {
      'instance 1 got every change once': caches[0]!.updates.all.length === changes && caches[0]!.prices.size === changes,
      'instance 2 got every change once': caches[1]!.updates.all.length === changes && caches[1]!.prices.size === changes,
    });
  } finally {
    await second.app.stop();
    await first.app.stop();
    rmSync(localOffsetDir, { recursive: true, force: true });
  }
}
