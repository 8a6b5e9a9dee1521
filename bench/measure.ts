/** Shared pieces of the client benchmarks (producer, consumer): run-unique names, lazy shared runs, figures. */
import { type BenchCluster, openCluster } from './broker-child.js';
import type { Measurement } from './children/io.js';
import { compileDrivers, type DriverSet, TSX_DRIVERS } from './driver.js';
import { type BenchRegistry, median } from './harness.js';

/** How the client drivers run: `compiled` (default) or `tsx` (`BENCH_DRIVERS=tsx`); see `bench/driver.ts`. */
export type DriverMode = DriverSet['mode'];

/** The mode `BENCH_DRIVERS` asks for (default `compiled`). */
export function driverModeFromEnv(): DriverMode {
  return process.env['BENCH_DRIVERS'] === 'tsx' ? 'tsx' : 'compiled';
}

/** The drivers in `mode`, compiled when asked (dispose of the set afterwards). */
export function openDrivers(mode: DriverMode): Promise<DriverSet> {
  return mode === 'compiled' ? compileDrivers() : Promise.resolve(TSX_DRIVERS);
}

/**
 * Runs `work` with the drivers in `mode` and a bench cluster (its broker's messages in the file store if `fileStore`),
 * then closes the cluster and disposes of the drivers, whether `work` succeeded or not.
 */
export async function withCluster<T>(mode: DriverMode, fileStore: boolean, work: (cluster: BenchCluster, drivers: DriverSet) => Promise<T>): Promise<T> {
  const drivers = await openDrivers(mode);
  try {
    const cluster = await openCluster({ fileStore, drivers });
    try {
      return await work(cluster, drivers);
    } finally {
      await cluster.close();
    }
  } finally {
    await drivers.dispose();
  }
}

/** A suffix that makes topic and group names unique per run (a real cluster keeps them). */
export function runId(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
}

/** Runs `work` once, on first call; later calls share its promise (several scenarios read one run). */
export function once<T>(work: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= work());
}

/** Both sides' measurements, one per round. */
export interface Rounds {
  readonly ours: readonly Measurement[];
  readonly peer: readonly Measurement[];
}

/** Messages per wall-clock second of one window. */
export const throughput = (m: Measurement): number => m.messages / (m.wallMs / 1_000);
/** Client CPU (user + system) per message, in microseconds. */
export const cpuPerMessage = (m: Measurement): number => m.cpuUs / m.messages;
/** Peak resident set, in MiB. */
export const peakRssMiB = (m: Measurement): number => m.peakRssBytes / (1024 * 1024);

/** The median of a figure over the rounds, for each side. */
export function medianOf(rounds: Rounds, figure: (m: Measurement) => number): { ours: number; peer: number } {
  return { ours: median(rounds.ours.map(figure)), peer: median(rounds.peer.map(figure)) };
}

/** A body size for scenario names: `1KiB`, `512B`. */
export function sizeLabel(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024}KiB` : `${bytes}B`;
}

/**
 * Registers `<kind>: <throughputName>` (throughput), `<kind>: client CPU per message (<what>)` and
 * `memory: <kind> peak RSS (<what>)`, all read from one shared `run`.
 */
export function registerClientFigures(registry: BenchRegistry, kind: string, what: string, run: () => Promise<Rounds>, throughputName = what): void {
  registry.add({ name: `${kind}: ${throughputName}`, unit: 'msg/s', better: 'higher', run: async () => medianOf(await run(), throughput) });
  registry.add({ name: `${kind}: client CPU per message (${what})`, unit: 'µs/msg', better: 'lower', run: async () => medianOf(await run(), cpuPerMessage) });
  registry.add({ name: `memory: ${kind} peak RSS (${what})`, unit: 'MiB', better: 'lower', run: async () => medianOf(await run(), peakRssMiB) });
}
