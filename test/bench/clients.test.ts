import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerCodec } from '../../bench/codec.js';
import { registerConsumer } from '../../bench/consumer.js';
import { REPO_ROOT } from '../../bench/driver.js';
import { createRegistry, report } from '../../bench/harness.js';
import { registerProducer } from '../../bench/producer.js';

/**
 * Smoke test of the client benchmarks: every producer, consumer and memory scenario runs end to end (embedded broker
 * and each client in child processes) with a tiny message count, and every codec scenario in its child process with
 * tiny rounds, and reports positive figures for both sides; the
 * compiled drivers' temporary output is removed afterwards.
 */
describe('client and codec benchmarks (tiny runs)', () => {
  it('runs every producer, consumer and memory scenario against the embedded broker, and every codec scenario', async () => {
    const cacheDirs = () => {
      const cache = join(REPO_ROOT, 'node_modules', '.cache');
      return existsSync(cache) ? readdirSync(cache).filter((d) => d.startsWith('rmqrx-bench-')) : [];
    };
    const before = cacheDirs();
    const registry = createRegistry();
    // One suite with compiled drivers (the default), the other through tsx, so that both ways stay working.
    registerProducer(registry, {}, { messages: 200, warmup: 50, rounds: 1, drivers: 'compiled' });
    registerConsumer(registry, {}, { messages: 200, fileStore: false, drivers: 'tsx' });
    registerCodec(registry, {}, { drivers: 'tsx', ops: { warmupMs: 5, rounds: 1, roundMs: 5 } });
    const names = registry.scenarios.map((s) => s.name);
    // Producer: plain and autoBatch, each with throughput and CPU per message (and a memory figure), the CPU per
    // message through send$, the floor, the core-only yardsticks (plain and autoBatch) the wire-only one, and ours with the ROCKETMQ header (plain and autoBatch).
    expect(names.filter((n) => n.startsWith('producer: ')).length).toBe(11);
    expect(names.filter((n) => n.startsWith('consumer: ')).length).toBe(4);
    expect(names.filter((n) => n.startsWith('memory: ')).length).toBe(3);
    expect(names.filter((n) => n.startsWith('codec: ')).length).toBe(5);
    // The two suites share nothing, so they run side by side; scenarios of one suite share its single run.
    const rows = await Promise.all(registry.scenarios.map(async (s) => report(s, await s.run())));
    for (const row of rows) {
      expect(row.ours, row.scenario).toBeGreaterThan(0);
      expect(row.peer, row.scenario).toBeGreaterThan(0);
      expect(Number.isFinite(row.ratio), row.scenario).toBe(true);
    }
    expect(cacheDirs().filter((d) => !before.includes(d))).toEqual([]);
  }, 60_000);
});
