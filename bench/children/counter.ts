/** The consumer drivers' handler: counts messages, opens the measured window at `warmup`, closes it at `total`. */
import type { Measurement, Meter } from './io.js';

export interface CountingHandler {
  /** The trivial handler: one call per message. */
  readonly handle: () => void;
  /** Resolves with the window's measurement once `total` messages were handled. */
  readonly done: Promise<Measurement>;
}

/** Counts calls; `startMeter` is called when the count reaches `warmup` (at once when `warmup` is 0). */
export function countingHandler(limits: { readonly warmup: number; readonly total: number }, startMeter: () => Meter): CountingHandler {
  let count = 0;
  let meter = limits.warmup === 0 ? startMeter() : undefined;
  let finish: (m: Measurement) => void = () => undefined;
  const done = new Promise<Measurement>((resolve) => (finish = resolve));
  const handle = (): void => {
    count++;
    if (count === limits.warmup) meter = startMeter();
    if (count === limits.total && meter !== undefined) finish(meter.stop(limits.total - limits.warmup));
  };
  return { handle, done };
}
