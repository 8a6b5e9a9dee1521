/** Levels of {@link RocketMQLogger}, least to most severe. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** The logger the app and the built-in interceptors write to (pino, winston and console fit with a thin adapter). */
export interface RocketMQLogger {
  debug(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

const ORDER: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** A logger writing `[rocketmq-rx] <level> <message>` lines at `level` and above to the console. */
export function consoleLogger(level: LogLevel = 'warn'): RocketMQLogger {
  const min = ORDER.indexOf(level);
  const at = (l: LogLevel) => (message: string, context?: Record<string, unknown>) => {
    if (ORDER.indexOf(l) < min) return;
    const line = `[rocketmq-rx] ${l} ${message}`;
    const write = l === 'error' || l === 'warn' ? console.error : console.log;
    if (context === undefined) write(line);
    else write(line, context);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A logger that drops everything. */
export const silentLogger: RocketMQLogger = Object.freeze({
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
});
