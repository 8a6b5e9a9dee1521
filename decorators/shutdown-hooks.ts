/** The part of `process` the shutdown hooks use (a seam for tests). */
export interface SignalSource {
  readonly pid: number;
  once(signal: NodeJS.Signals, listener: () => void): unknown;
  off(signal: NodeJS.Signals, listener: () => void): unknown;
  kill(pid: number, signal: NodeJS.Signals): unknown;
}

/** Options of {@link installShutdownHooks}. */
export interface ShutdownHookOptions {
  /** Default `['SIGINT', 'SIGTERM']`. */
  readonly signals?: readonly NodeJS.Signals[];
  /** Default `process`. */
  readonly source?: SignalSource;
  /** After stopping, raise the signal again so the process ends as it would have without the hook. Default true. */
  readonly reraise?: boolean;
}

/**
 * On the first of `signals`: runs `stop` (once), then removes the hooks and, with `reraise`, sends the signal to the
 * process again so that its default action (exit) happens. Returns a function that removes the hooks.
 */
export function installShutdownHooks(stop: () => Promise<void>, opts: ShutdownHookOptions = {}): () => void {
  const source = opts.source ?? (process as unknown as SignalSource);
  const signals = opts.signals ?? ['SIGINT', 'SIGTERM'];
  const reraise = opts.reraise ?? true;
  const listeners = new Map<NodeJS.Signals, () => void>();
  const remove = () => {
    for (const [signal, listener] of listeners) source.off(signal, listener);
    listeners.clear();
  };
  for (const signal of signals) {
    const listener = () => {
      remove();
      void stop().finally(() => {
        if (reraise) source.kill(source.pid, signal);
      });
    };
    listeners.set(signal, listener);
    source.once(signal, listener);
  }
  return remove;
}
