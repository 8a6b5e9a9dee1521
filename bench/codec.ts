/**
 * Codec benchmarks, ours against `ali-ons` on the same inputs (the operations are in `codec-ops.ts`). Each case runs
 * in a child process (`bench/children/codec.ts`), compiled to JavaScript as the package ships it, like the client
 * drivers; `BENCH_DRIVERS=tsx` runs it through tsx instead (which costs our codec about a quarter: see BENCHMARKS.md).
 */
import type { CodecCase } from './codec-ops.js';
import { runDriver } from './driver.js';
import type { BenchRegistry, BenchResult, BenchSettings, OpsOptions } from './harness.js';
import { type DriverMode, driverModeFromEnv, once, openDrivers } from './measure.js';

const CASES: readonly (readonly [string, CodecCase])[] = [
  ['codec: send-v2 encode+decode 1KiB', 'send-json'],
  ['codec: send-v2 encode+decode 1KiB (ours: ROCKETMQ header)', 'send-rocketmq'],
  // A yardstick, not a codec: the least any codec could spend on the same round trip (bench/codec-floor.ts).
  ['codec: send-v2 encode+decode 1KiB (floor: no codec, headers known in advance)', 'send-floor'],
  ['codec: pull-response decode 32 msgs', 'pull-eager'],
  ['codec: pull-response decode 32 msgs (ours: lazy fields)', 'pull-lazy'],
];

/** A case takes about 5 s (warm-up and seven alternating rounds of 300 ms per side). */
const CASE_TIMEOUT_MS = 120_000;

/** What a test may change: how the drivers run, and shorter rounds than `compareOps`'s. */
export interface CodecBenchOptions {
  readonly drivers: DriverMode;
  readonly ops: OpsOptions;
}

export function registerCodec(registry: BenchRegistry, _settings: BenchSettings = {}, overrides: Partial<CodecBenchOptions> = {}): void {
  const mode = overrides.drivers ?? driverModeFromEnv();
  const ops = overrides.ops ?? {};
  // One run of every case, on first use (the drivers are compiled once and removed afterwards); each scenario reads its own.
  const results = once(async () => {
    const drivers = await openDrivers(mode);
    try {
      const out = new Map<CodecCase, BenchResult>();
      for (const [, codecCase] of CASES) out.set(codecCase, await runDriver<BenchResult>('codec', { case: codecCase, ops }, CASE_TIMEOUT_MS, drivers));
      return out;
    } finally {
      await drivers.dispose();
    }
  });
  for (const [name, codecCase] of CASES) {
    registry.add({ name, unit: 'msg/s', better: 'higher', run: async () => (await results()).get(codecCase)! });
  }
}
