/**
 * The embedded broker's own throughput, with ali-ons (an independent client) on the other end: 1 KiB messages, one
 * producer connection with 64 sends in flight. The broker runs in its own child process (as `npm run broker` does);
 * each client runs in its own child process too (`bench/children/*-ali.ts`), so that the broker's CPU is its own.
 *
 * - `broker: store …` — messages the broker stores (and acknowledges) per second;
 * - `broker: serve …` — messages it serves per second to an ali-ons push consumer draining what was stored;
 * - `broker: store+serve …` — both at once on a fresh topic: messages per second through the broker end to end.
 *
 * `ours` is the embedded broker. There is no `peer`: no other broker runs in this environment (no JVM for an Apache
 * RocketMQ broker), so `peer` is NaN — `null` in `--json` lines, `NaN` in the table — rather than an invented figure.
 */
import type { BenchCluster } from './broker-child.js';
import type { ConsumerInput, PrefillInput, ProducerInput } from './children/inputs.js';
import type { Measurement } from './children/io.js';
import { type DriverSet, runDriver } from './driver.js';
import { median, type BenchRegistry, type BenchSettings } from './harness.js';
import { once, runId, throughput, withCluster } from './measure.js';
import { PRODUCER_BENCH_DEFAULTS, type ProducerBenchOptions } from './producer.js';

/**
 * The broker runs have the producer runs' knobs (messages, warm-up, in flight, size, rounds, file store, drivers) and
 * their defaults: an ali-ons producer stands where ours stands there.
 */
export type BrokerBenchOptions = ProducerBenchOptions;

export const BROKER_BENCH_DEFAULTS: BrokerBenchOptions = PRODUCER_BENCH_DEFAULTS;

interface BrokerRound {
  readonly store: Measurement;
  readonly serve: Measurement;
  readonly storeAndServe: Measurement;
}

/** One round: store then serve on one topic, then store+serve concurrently on another. */
async function round(cluster: BenchCluster, drivers: DriverSet, o: BrokerBenchOptions, id: string): Promise<BrokerRound> {
  const timeoutMs = 120_000 + 2 * (o.messages + o.warmup);
  const producer = (topic: string): ProducerInput => ({
    nameServer: cluster.nameServer, topic, group: `BenchBrokerPG_${id}`, warmup: o.warmup, messages: o.messages, inflight: o.inflight, size: o.size,
  });
  // Each topic holds one message first, and the consumers' windows open after it and the producer's warm-up.
  const consumer = (topic: string, group: string): ConsumerInput => ({
    nameServer: cluster.nameServer, topic, group, warmup: 1 + o.warmup, total: 1 + o.warmup + o.messages,
  });
  const stored = `BenchBroker_${id}`;
  const both = `BenchBrokerBoth_${id}`;
  for (const topic of [stored, both]) await createTopic(cluster, drivers, topic, o.size, timeoutMs);
  const store = await runDriver<Measurement>('producer-ali', producer(stored), timeoutMs, drivers);
  const serve = await runDriver<Measurement>('consumer-ali', consumer(stored, `BenchBrokerCG_${id}`), timeoutMs, drivers);
  const [, storeAndServe] = await Promise.all([
    runDriver<Measurement>('producer-ali', producer(both), timeoutMs, drivers),
    runDriver<Measurement>('consumer-ali', consumer(both, `BenchBrokerBothCG_${id}`), timeoutMs, drivers),
  ]);
  return { store, serve, storeAndServe };
}

/**
 * ali-ons cannot send to a topic its name server does not know (it does not fall back to the TBW102 template), so
 * one message from our producer creates each topic first, the way a Java client would (4 queues).
 */
async function createTopic(cluster: BenchCluster, drivers: DriverSet, topic: string, size: number, timeoutMs: number): Promise<void> {
  const input: PrefillInput = { nameServer: cluster.nameServer, topic, group: `BenchBrokerFill_${topic}`, messages: 1, size, batch: 1, inflight: 1 };
  const { sent } = await runDriver<{ sent: number }>('prefill', input, timeoutMs, drivers);
  if (sent !== 1) throw new Error(`could not create ${topic}`);
}

export function measureBroker(o: BrokerBenchOptions): Promise<BrokerRound[]> {
  return withCluster(o.drivers, o.fileStore, async (cluster, drivers) => {
    const rounds: BrokerRound[] = [];
    for (let i = 0; i < o.rounds; i++) rounds.push(await round(cluster, drivers, o, `${runId()}_${i}`));
    return rounds;
  });
}

/**
 * Registers the three `broker: …` scenarios with the memory store (the broker's default), and the same three with the
 * file store (`--data-dir`, async flush); one run per store feeds its three.
 */
export function registerBroker(registry: BenchRegistry, settings: BenchSettings = {}, overrides: Partial<BrokerBenchOptions> = {}): void {
  const o: BrokerBenchOptions = {
    ...BROKER_BENCH_DEFAULTS,
    ...(settings.producerMessages === undefined ? {} : { messages: settings.producerMessages }),
    ...overrides,
  };
  for (const fileStore of [false, true]) {
    const run = once(() => measureBroker({ ...o, fileStore }));
    const figure = (pick: (r: BrokerRound) => Measurement) => async () => ({ ours: median((await run()).map((r) => throughput(pick(r)))), peer: Number.NaN });
    const kib = `${o.size / 1024}KiB${fileStore ? ', file store' : ''}`;
    registry.add({ name: `broker: store ${kib} (ali-ons producer, ${o.inflight} in flight)`, unit: 'msg/s', better: 'higher', run: figure((r) => r.store) });
    registry.add({ name: `broker: serve ${kib} (ali-ons push consumer, stored backlog)`, unit: 'msg/s', better: 'higher', run: figure((r) => r.serve) });
    registry.add({ name: `broker: store+serve ${kib} (ali-ons client, ${o.inflight} in flight)`, unit: 'msg/s', better: 'higher', run: figure((r) => r.storeAndServe) });
  }
}
