/** Java `MQFaultStrategy.latencyMax` (ms): latency thresholds … */
export const LATENCY_MAX_MS: readonly number[] = Object.freeze([50, 100, 550, 1000, 2000, 3000, 15000]);
/** … and how long a broker is avoided once a send took at least that long (`notAvailableDuration`, ms). */
export const NOT_AVAILABLE_DURATION_MS: readonly number[] = Object.freeze([0, 0, 30000, 60000, 120000, 180000, 600000]);
/** Latency charged for a send that failed outright (Java's `isolation` = 30 s). */
export const ISOLATION_LATENCY_MS = 30_000;

interface FaultItem {
  readonly name: string;
  readonly latencyMs: number;
  /** Time from which the broker is available again. */
  readonly availableAt: number;
}

/** Options of {@link LatencyFaultTable}. */
export interface LatencyFaultTableOptions {
  /** Clock in ms; default `Date.now`. */
  readonly now?: () => number;
  readonly latencyMaxMs?: readonly number[];
  readonly notAvailableDurationMs?: readonly number[];
}

/**
 * Java `LatencyFaultToleranceImpl` + the duration rule of `MQFaultStrategy`: remembers, per broker, the
 * last send latency and until when the broker should be avoided. One table per producer.
 */
export class LatencyFaultTable {
  readonly #items = new Map<string, FaultItem>();
  readonly #now: () => number;
  readonly #latencyMax: readonly number[];
  readonly #durations: readonly number[];
  #worstIndex = 0;

  constructor(opts: LatencyFaultTableOptions = {}) {
    this.#now = opts.now ?? Date.now;
    this.#latencyMax = opts.latencyMaxMs ?? LATENCY_MAX_MS;
    this.#durations = opts.notAvailableDurationMs ?? NOT_AVAILABLE_DURATION_MS;
  }

  /** How long a broker is avoided after a send that took `latencyMs`. */
  notAvailableDurationFor(latencyMs: number): number {
    for (let i = this.#latencyMax.length - 1; i >= 0; i--) {
      if (latencyMs >= this.#latencyMax[i]!) return this.#durations[i] ?? 0;
    }
    return 0;
  }

  /** Records a send to `brokerName` that took `latencyMs`; `isolation` (a failed send) counts as 30 s. */
  update(brokerName: string, latencyMs: number, isolation = false): void {
    const duration = this.notAvailableDurationFor(isolation ? ISOLATION_LATENCY_MS : latencyMs);
    this.#items.set(brokerName, { name: brokerName, latencyMs, availableAt: this.#now() + duration });
  }

  isAvailable(brokerName: string): boolean {
    const item = this.#items.get(brokerName);
    return item === undefined || this.#now() >= item.availableAt;
  }

  remove(brokerName: string): void {
    this.#items.delete(brokerName);
  }

  /**
   * A broker to fall back on when none is available: the table sorted best first (available, then lower
   * latency, then sooner available), taking turns among the better half. `undefined` if the table is empty.
   */
  pickOneAtLeast(): string | undefined {
    const now = this.#now();
    const sorted = [...this.#items.values()].sort((a, b) => compareItems(a, b, now));
    if (sorted.length === 0) return undefined;
    const half = Math.floor(sorted.length / 2);
    if (half <= 0) return sorted[0]!.name;
    this.#worstIndex = (this.#worstIndex + 1) & 0x7fffffff;
    return sorted[this.#worstIndex % half]!.name;
  }
}

function compareItems(a: FaultItem, b: FaultItem, now: number): number {
  const aOk = now >= a.availableAt;
  const bOk = now >= b.availableAt;
  if (aOk !== bOk) return aOk ? -1 : 1;
  if (a.latencyMs !== b.latencyMs) return a.latencyMs - b.latencyMs;
  return a.availableAt - b.availableAt;
}
