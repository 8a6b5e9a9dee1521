import { consoleLogger } from './logger.js';

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
  /**
   * Told when `stop` rejects (or throws); the signal is re-raised all the same. Default: an error line on the console.
   * It must not throw.
   */
  readonly onStopFailed?: (error: unknown, signal: NodeJS.Signals) => void;
}

function logStopFailed(error: unknown, signal: NodeJS.Signals): void {
  consoleLogger('error').error(`stopping on ${signal} failed`, { error });
}

/**
 * On the first of `signals`: removes the hooks, runs `stop` (once) and, with `reraise`, sends the signal to the
 * process again so that its default action (exit) happens. A failed `stop` goes to `onStopFailed` (never an
 * unhandled rejection). Returns a function that removes the hooks.
 */
export function installShutdownHooks(stop: () => Promise<void>, opts: ShutdownHookOptions = {}): () => void {
  const source = opts.source ?? (process as unknown as SignalSource);
  const signals = opts.signals ?? ['SIGINT', 'SIGTERM'];
  const reraise = opts.reraise ?? true;
  const onStopFailed = opts.onStopFailed ?? logStopFailed;
  const listeners = new Map<NodeJS.Signals, () => void>();
  const remove = () => {
    for (const [signal, listener] of listeners) source.off(signal, listener);
    listeners.clear();
  };
  const stopThenReraise = async (signal: NodeJS.Signals): Promise<void> => {
    try {
      await stop();
    } catch (error) {
      onStopFailed(error, signal);
    }
    if (reraise) source.kill(source.pid, signal);
  };
  for (const signal of signals) {
    const listener = () => {
      remove();
      void stopThenReraise(signal);
    };
    listeners.set(signal, listener);
    source.once(signal, listener);
  }
  return remove;
}
