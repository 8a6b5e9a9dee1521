/**
 * A small benchmark harness: suites register scenarios that each measure our implementation and a peer
 * (another library doing the same job) in the same run; the runner filters, runs and reports them.
 */

/** One figure for ours and for the peer, in the scenario's unit. */
export interface BenchResult {
  ours: number;
  peer: number;
}

export interface BenchScenario {
  /** Starts with its area, e.g. `codec: send-v2 encode+decode 1KiB`. */
  name: string;
  /** e.g. `msg/s`, `ms`, `MiB`. */
  unit: string;
  /** Whether a larger figure is better (throughput) or a smaller one (latency, memory). */
  better: 'higher' | 'lower';
  run(): Promise<BenchResult> | BenchResult;
}

/** Command-line sizes for the suites that take them (`--messages N`, `--producer-messages N`). */
export interface BenchSettings {
  /** The consumer benchmark's backlog (default 10⁶). */
  readonly messages?: number;
  /** Messages each producer run measures (default 100 000). */
  readonly producerMessages?: number;
}

/** Where suites add their scenarios (`bench/codec.ts` exports `registerCodec(registry)`, and so on). */
export interface BenchRegistry {
  add(scenario: BenchScenario): void;
  readonly scenarios: readonly BenchScenario[];
}

export function createRegistry(): BenchRegistry {
  const scenarios: BenchScenario[] = [];
  return {
    add(scenario) {
      if (scenarios.some((s) => s.name === scenario.name)) throw new Error(`duplicate benchmark ${scenario.name}`);
      scenarios.push(scenario);
    },
    scenarios,
  };
}

/** A reported line: `ratio` > 1 means ours is better (peer/ours for lower-is-better units). */
export interface BenchReport extends BenchResult {
  scenario: string;
  unit: string;
  ratio: number;
}

export function report(scenario: BenchScenario, result: BenchResult): BenchReport {
  const ratio = scenario.better === 'higher' ? result.ours / result.peer : result.peer / result.ours;
  return { scenario: scenario.name, unit: scenario.unit, ours: result.ours, peer: result.peer, ratio };
}

export interface OpsOptions {
  /** Operations counted per call of `op` (e.g. messages per decoded batch). Default 1. */
  opsPerCall?: number;
  /** Warm-up time per side before measuring. Default 500 ms. */
  warmupMs?: number;
  /** Measured rounds per side, alternating ours/peer. Default 7. */
  rounds?: number;
  /** Length of one round. Default 300 ms. */
  roundMs?: number;
}

/**
 * Throughput of two synchronous operations on the same inputs: both warmed up, then measured in alternating
 * rounds (so drift and GC affect both sides alike); the median round of each side, in operations per second.
 */
export function compareOps(ours: () => unknown, peer: () => unknown, options: OpsOptions = {}): BenchResult {
  const { opsPerCall = 1, warmupMs = 500, rounds = 7, roundMs = 300 } = options;
  runFor(ours, warmupMs);
  runFor(peer, warmupMs);
  const oursRates: number[] = [];
  const peerRates: number[] = [];
  for (let i = 0; i < rounds; i++) {
    oursRates.push(rate(ours, roundMs, opsPerCall));
    peerRates.push(rate(peer, roundMs, opsPerCall));
  }
  return { ours: median(oursRates), peer: median(peerRates) };
}

/** Keeps results reachable so the optimiser cannot drop the measured work. */
const sink: { value: unknown } = { value: undefined };

function runFor(op: () => unknown, ms: number): number {
  const end = performance.now() + ms;
  let calls = 0;
  while (performance.now() < end) {
    for (let i = 0; i < 64; i++) sink.value = op();
    calls += 64;
  }
  return calls;
}

function rate(op: () => unknown, ms: number, opsPerCall: number): number {
  const start = performance.now();
  const calls = runFor(op, ms);
  const seconds = (performance.now() - start) / 1000;
  return (calls * opsPerCall) / seconds;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
