/**
 * Consumer benchmarks, ours against `ali-ons` on the same broker in the same run: a backlog of 1 KiB messages
 * (10⁶ by default, `--messages N`) is filled once (not measured), then drained by our push consumer and by an
 * ali-ons consumer, each in its own group and its own child process (`bench/children/consumer-*.ts`) with a trivial
 * handler. A window opens once the warm-up share was handled and closes when the count reaches the backlog.
 */
import type { ConsumerInput, PrefillInput } from './children/inputs.js';
import type { Measurement } from './children/io.js';
import { runDriver } from './driver.js';
import type { BenchRegistry, BenchSettings } from './harness.js';
import { cpuPerMessage, type DriverMode, driverModeFromEnv, medianOf, once, registerClientFigures, type Rounds, runId, sizeLabel, withCluster } from './measure.js';

/** What a consumer run does. */
export interface ConsumerBenchOptions {
  /** Backlog to drain. Default 10⁶. */
  readonly messages: number;
  /** Body bytes. Default 1024. */
  readonly size: number;
  /** Drains per side (each in a fresh group, over the same backlog). Default 1. */
  readonly rounds: number;
  /** Keep the embedded broker's messages in its file store (a temp dir) instead of memory. Default true. */
  readonly fileStore: boolean;
  /** ali-ons consumer options over its defaults (besides name server, group and `consumeFromWhere`). */
  readonly peerOptions: Readonly<Record<string, unknown>>;
  /** How the drivers run (default `compiled`, or `BENCH_DRIVERS=tsx`). */
  readonly drivers: DriverMode;
}

export const CONSUMER_BENCH_DEFAULTS: ConsumerBenchOptions = Object.freeze({
  messages: 1_000_000,
  size: 1024,
  rounds: 1,
  fileStore: true,
  peerOptions: Object.freeze({}),
  drivers: driverModeFromEnv(),
});

/** Messages handled before the window opens: a tenth of the backlog, at most 50 000. */
export function warmupOf(messages: number): number {
  return Math.min(50_000, Math.floor(messages / 10));
}

/** Both sides' rounds, the raw-socket floor's (`consumer-floor.ts`: no client, the same bytes moved) and our core's alone (`consumer-core.ts`: no wire). */
export interface ConsumerRounds extends Rounds {
  readonly floor: readonly Measurement[];
  readonly core: readonly Measurement[];
}

/** Fills the backlog, then drains it with each side in turn (ours first), each round in fresh groups; then the core yardstick. */

export function measureConsumers(o: ConsumerBenchOptions): Promise<ConsumerRounds> {
  return withCluster(o.drivers, o.fileStore, async (cluster, drivers) => {
    const id = runId();
    const topic = `BenchConsumer_${id}`;
    const ours: Measurement[] = [];
    const peer: Measurement[] = [];
    const floor: Measurement[] = [];
    const core: Measurement[] = [];
    const prefill: PrefillInput = { nameServer: cluster.nameServer, topic, group: `BenchFill_${id}`, messages: o.messages, size: o.size, batch: 32, inflight: 8 };
    const { sent } = await runDriver<{ sent: number }>('prefill', prefill, 300_000 + 2 * o.messages, drivers);
    if (sent !== o.messages) throw new Error(`the backlog has ${sent} messages, expected ${o.messages}`);
    const timeoutMs = 120_000 + 2 * o.messages;
    for (let round = 0; round < o.rounds; round++) {
      const input = (side: string): ConsumerInput => ({
        nameServer: cluster.nameServer,
        topic,
        group: `BenchCG_${side}_${id}_${round}`,
        warmup: warmupOf(o.messages),
        total: o.messages,
      });
      ours.push(await runDriver<Measurement>('consumer-ours', input('ours'), timeoutMs, drivers));
      peer.push(await runDriver<Measurement>('consumer-ali', { ...input('ali'), peerOptions: o.peerOptions }, timeoutMs, drivers));
      floor.push(await runDriver<Measurement>('consumer-floor', input('floor'), timeoutMs, drivers));
      core.push(await runDriver<Measurement>('consumer-core', { ...input('core'), size: o.size }, timeoutMs, drivers));
    }
    return { ours, peer, floor, core };
  });
}

/** Registers `consumer: …` (throughput, CPU per message) and `memory: consumer …`; one run feeds all three. */
export function registerConsumer(registry: BenchRegistry, settings: BenchSettings = {}, overrides: Partial<ConsumerBenchOptions> = {}): void {
  const o: ConsumerBenchOptions = {
    ...CONSUMER_BENCH_DEFAULTS,
    ...(settings.messages === undefined ? {} : { messages: settings.messages }),
    ...overrides,
  };
  const run = once(() => measureConsumers(o));
  const what = `drain a ${sizeLabel(o.size)} backlog`;
  registerClientFigures(registry, 'consumer', what, run);
  // A yardstick, not a client: what moving the same bytes costs with no consumer at all, against the same ali-ons runs.
  registry.add({
    name: `consumer: client CPU per message (${what}, raw-socket floor: pulls counted, no client)`,
    unit: 'µs/msg',
    better: 'lower',
    run: async () => {
      const rounds = await run();
      return medianOf({ ours: rounds.floor, peer: rounds.peer }, cpuPerMessage);
    },
  });
  // Another yardstick: our consumer with its broker port in the same process (no socket, frames or headers).
  registry.add({
    name: `consumer: client CPU per message (${what}, core only: in-process port, no wire)`,
    unit: 'µs/msg',
    better: 'lower',
    run: async () => {
      const rounds = await run();
      return medianOf({ ours: rounds.core, peer: rounds.peer }, cpuPerMessage);
    },
  });
}
