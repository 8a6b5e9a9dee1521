/**
 * The child side of a benchmark driver: its input (one JSON argument), a meter of this process's CPU and wall time
 * over the measured window, and the result line the parent reads (`@@bench-result {json}` on stdout, so that any
 * library logging on stdout cannot be mistaken for it).
 */
import { resourceUsage } from 'node:process';

/** The prefix of the one stdout line that carries a driver's result. */
export const RESULT_PREFIX = '@@bench-result ';

/** What every driver reports for its measured window. */
export interface Measurement {
  /** Messages counted in the window (after warm-up). */
  readonly messages: number;
  /** Wall time of the window. */
  readonly wallMs: number;
  /** User + system CPU of this process in the window, in microseconds. */
  readonly cpuUs: number;
  /** The system (kernel) part of `cpuUs`. */
  readonly systemUs: number;
  /** The process's peak resident set (the kernel's `maxrss`), in bytes. */
  readonly peakRssBytes: number;
}

/** A measured window, started with {@link startMeter}. */
export interface Meter {
  stop(messages: number): Measurement;
}

/** Starts measuring this process's CPU and wall time now. */
export function startMeter(): Meter {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  return {
    stop(messages) {
      const cpu = process.cpuUsage(cpu0);
      const wallMs = performance.now() - t0;
      return { messages, wallMs, cpuUs: cpu.user + cpu.system, systemUs: cpu.system, peakRssBytes: resourceUsage().maxRSS * 1024 };
    },
  };
}

/** The driver's input: the JSON in its first argument. */
export function readInput<T>(): T {
  const text = process.argv[2];
  if (text === undefined) throw new Error('a bench driver needs its input as one JSON argument');
  return JSON.parse(text) as T;
}

/** Writes the result line the parent waits for. */
export function writeResult(result: unknown): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

/** Runs `send(warmup)` unmeasured, then `send(messages)` in a metered window, and writes that window's result. */
export async function measureSends(counts: { readonly warmup: number; readonly messages: number }, send: (count: number) => Promise<unknown>): Promise<void> {
  await send(counts.warmup);
  const meter = startMeter();
  await send(counts.messages);
  writeResult(meter.stop(counts.messages));
}

/**
 * Runs a driver's main: on success the process exits 0 once `main` resolves (clients that keep timers cannot hold it
 * open), on failure the error goes to stderr and the exit status is 1.
 */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/** Resolves once `stop` completes or `ms` passes, whichever is first (a slow shutdown must not hang a bench). */
export async function boundedStop(stop: () => Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      console.error(`bench driver: shutdown did not finish within ${ms} ms, exiting anyway`);
      resolve();
    }, ms);
  });
  try {
    await Promise.race([stop().then(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
