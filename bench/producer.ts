/**
 * Producer benchmarks, ours against `ali-ons` on the same broker in the same run: 1 KiB messages, 64 in flight, one
 * broker (the embedded one in a child process, or `ROCKETMQ_NAMESRV`). Each side runs in its own child process
 * (`bench/children/producer-*.ts`) that warms up, then measures its own CPU over a fixed number of sends; each round
 * runs every variant of ours, the peer and the yardsticks in turn, and each figure is the median round. The `autoBatch` scenarios
 * compare with the same ali-ons rounds as the default ones: ali-ons has no auto batching, so its plain sends are the
 * peer of both.
 */
import type { Measurement } from './children/io.js';
import type { ProducerInput } from './children/inputs.js';
import { runDriver } from './driver.js';
import type { BenchRegistry, BenchSettings } from './harness.js';
import { cpuPerMessage, type DriverMode, driverModeFromEnv, medianOf, once, registerClientFigures, type Rounds, runId, sizeLabel, withCluster } from './measure.js';

/** What a producer run does. */
export interface ProducerBenchOptions {
  /** Measured sends per run. Default 100 000. */
  readonly messages: number;
  /** Sends before the window. Default 10 000. */
  readonly warmup: number;
  /** Sends in flight. Default 64. */
  readonly inflight: number;
  /** Body bytes. Default 1024. */
  readonly size: number;
  /** Rounds (one run of each side per round). Default 3. */
  readonly rounds: number;
  /** Keep the embedded broker's messages in its file store instead of memory. Default false. */
  readonly fileStore: boolean;
  /** How the drivers run (default `compiled`, or `BENCH_DRIVERS=tsx`). */
  readonly drivers: DriverMode;
}

export const PRODUCER_BENCH_DEFAULTS: ProducerBenchOptions = Object.freeze({
  messages: 100_000,
  warmup: 10_000,
  inflight: 64,
  size: 1024,
  rounds: 3,
  fileStore: false,
  drivers: driverModeFromEnv(),
});

/** Our rounds with `autoBatch` next to the plain ones; both compare with the same peer rounds. */
export interface ProducerRounds extends Rounds {
  /** Ours through `send$` under `mergeMap` (the others: `send` in the peer's worker loop). */
  readonly observable: readonly Measurement[];
  readonly batched: readonly Measurement[];
  /** The raw-socket floor (`producer-floor.ts`): no client, the same bytes moved. */
  readonly floor: readonly Measurement[];
  /** Our producer over a port in its own process (`producer-core.ts`: no wire), plain and with `autoBatch`. */
  readonly core: readonly Measurement[];
  readonly coreBatched: readonly Measurement[];
  /** Our remoting client alone, sending prebuilt requests (`producer-wire.ts`: no core). */
  readonly wire: readonly Measurement[];
  /** Ours with the binary (ROCKETMQ) header, plain and with `autoBatch`. */
  readonly binary: readonly Measurement[];
  readonly binaryBatched: readonly Measurement[];
}

/**
 * Runs every round against one cluster: ours (`send` in the peer's loop), ours through `send$`, ours with `autoBatch`,
 * ours with the ROCKETMQ header (plain, `autoBatch`), the peer, then the yardsticks (raw-socket floor, core only
 * plain and `autoBatch`, wire only), each in a fresh child process and producer group.
 */
export function measureProducers(o: ProducerBenchOptions): Promise<ProducerRounds> {
  return withCluster(o.drivers, o.fileStore, async (cluster, drivers) => {
    const id = runId();
    const ours: Measurement[] = [];
    const observable: Measurement[] = [];
    const batched: Measurement[] = [];
    const peer: Measurement[] = [];
    const floor: Measurement[] = [];
    const core: Measurement[] = [];
    const coreBatched: Measurement[] = [];
    const wire: Measurement[] = [];
    const binary: Measurement[] = [];
    const binaryBatched: Measurement[] = [];
    const timeoutMs = 120_000 + 2 * (o.messages + o.warmup);
    for (let round = 0; round < o.rounds; round++) {
      const input = (side: string, extra: Partial<ProducerInput> = {}): ProducerInput => ({
        nameServer: cluster.nameServer,
        topic: `BenchProducer_${id}`,
        group: `BenchPG_${side}_${id}_${round}`,
        warmup: o.warmup,
        messages: o.messages,
        inflight: o.inflight,
        size: o.size,
        ...extra,
      });
      ours.push(await runDriver<Measurement>('producer-ours', input('ours'), timeoutMs, drivers));
      observable.push(await runDriver<Measurement>('producer-ours', input('oursrx', { api: 'send$' }), timeoutMs, drivers));
      batched.push(await runDriver<Measurement>('producer-ours', input('oursab', { autoBatch: true }), timeoutMs, drivers));
      binary.push(await runDriver<Measurement>('producer-ours', input('oursbin', { serialization: 'ROCKETMQ' }), timeoutMs, drivers));
      binaryBatched.push(await runDriver<Measurement>('producer-ours', input('oursbinab', { serialization: 'ROCKETMQ', autoBatch: true }), timeoutMs, drivers));
      peer.push(await runDriver<Measurement>('producer-ali', input('ali'), timeoutMs, drivers));
      floor.push(await runDriver<Measurement>('producer-floor', input('floor'), timeoutMs, drivers));
      core.push(await runDriver<Measurement>('producer-core', input('core'), timeoutMs, drivers));
      coreBatched.push(await runDriver<Measurement>('producer-core', input('coreab', { autoBatch: true }), timeoutMs, drivers));
      wire.push(await runDriver<Measurement>('producer-wire', input('wire'), timeoutMs, drivers));
    }
    return { ours, observable, batched, peer, floor, core, coreBatched, wire, binary, binaryBatched };
  });
}

/**
 * Registers `producer: …` (throughput, CPU per message) and `memory: producer …` for ours in the peer's loop, the
 * same three with our `autoBatch` on (`…, autoBatch`; the peer is the same ali-ons run, which has no auto batching),
 * and CPU per message through `send$` + `mergeMap`, with the ROCKETMQ header, and of three yardsticks (floor, core
 * only, wire only); one run feeds them all.
 */
export function registerProducer(registry: BenchRegistry, settings: BenchSettings = {}, overrides: Partial<ProducerBenchOptions> = {}): void {
  const o: ProducerBenchOptions = {
    ...PRODUCER_BENCH_DEFAULTS,
    ...(settings.producerMessages === undefined ? {} : { messages: settings.producerMessages }),
    ...overrides,
  };
  const run = once(() => measureProducers(o));
  const what = `${sizeLabel(o.size)}, ${o.inflight} in flight`;
  registerClientFigures(registry, 'producer', what, run, `send ${what}`);
  const batched = async (): Promise<Rounds> => {
    const rounds = await run();
    return { ours: rounds.batched, peer: rounds.peer };
  };
  registerClientFigures(registry, 'producer', `${what}, autoBatch`, batched, `send ${what}, autoBatch`);
  // CPU per message only, each against the same ali-ons rounds: more ways of running ours, then yardsticks that are
  // not clients — the raw-socket floor (the same bytes moved with no client: the most any client could reach against
  // ali-ons here), our core with its broker port in its own process (what the core costs), our remoting client alone
  // sending prebuilt requests (what the adapter costs above the floor).
  const cpuOnly: readonly (readonly [string, (r: ProducerRounds) => readonly Measurement[]])[] = [
    ['send$ under mergeMap', (r) => r.observable],
    ['ROCKETMQ header', (r) => r.binary],
    ['autoBatch, ROCKETMQ header', (r) => r.binaryBatched],
    ['raw-socket floor: pre-encoded frames, no client', (r) => r.floor],
    ['core only: in-process port, no wire', (r) => r.core],
    ['autoBatch, core only: in-process port, no wire', (r) => r.coreBatched],
    ['wire only: remoting client, prebuilt requests, no core', (r) => r.wire],
  ];
  for (const [label, pick] of cpuOnly) {
    registry.add({
      name: `producer: client CPU per message (${what}, ${label})`,
      unit: 'µs/msg',
      better: 'lower',
      run: async () => {
        const rounds = await run();
        return medianOf({ ours: pick(rounds), peer: rounds.peer }, cpuPerMessage);
      },
    });
  }
}
