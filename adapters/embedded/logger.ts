/**
 * Where the embedded broker reports what happens to it: malformed frames (once per connection), failures inside
 * request handlers and engine timers, client expiry. `info` is for the CLI's progress lines.
 */
export interface EmbeddedLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

/** Warnings and errors to stderr, `info` dropped: the default of `startEmbeddedBroker`. */
export const stderrLogger: EmbeddedLogger = {
  info: () => undefined,
  warn: (message) => console.warn(`[rocketmq-rx broker] ${message}`),
  error: (message, error) => console.error(`[rocketmq-rx broker] ${message}`, ...(error === undefined ? [] : [error])),
};

/** Everything to the console (what the CLI uses). */
export const consoleLogger: EmbeddedLogger = {
  info: (message) => console.log(message),
  warn: stderrLogger.warn,
  error: stderrLogger.error,
};
