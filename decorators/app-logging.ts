import type { ConsumerEvent } from '../core/consumer/push/events.js';
import type { ProducerEvent } from '../core/producer/events.js';
import type { AppEvent } from './app-events.js';
import type { LogLevel, RocketMQLogger } from './logger.js';

const CONSUMER_WARNINGS: ReadonlySet<ConsumerEvent['type']> = new Set([
  'handler-failed',
  'send-back-failed',
  'dead-letter',
  'message-dropped',
  'offset-commit-failed',
  'lock-lost',
  'stream-handler-error',
  'broker-request-failed',
  'pull-error',
]);

function consumerLevel(e: ConsumerEvent): LogLevel {
  return CONSUMER_WARNINGS.has(e.type) ? 'warn' : 'debug';
}

function producerLevel(e: ProducerEvent): LogLevel {
  if (e.type === 'send-attempt-failed') return e.retrying ? 'debug' : 'warn';
  return e.type === 'transaction-check' || e.type === 'broker-isolated' ? 'debug' : 'warn';
}

function errorOf(e: object): string | undefined {
  const error = (e as { error?: unknown }).error;
  if (error === undefined) return undefined;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** How an app event is logged: its level, a one-line message and context. */
function describeEvent(e: AppEvent): { level: LogLevel; message: string; context?: Record<string, unknown> } {
  switch (e.type) {
    case 'start-failed':
      return { level: 'error', message: `start failed: ${errorOf(e)}` };
    case 'stop-failed':
      return { level: 'error', message: `stopping ${e.what} failed: ${errorOf(e)}` };
    case 'message-unrouted':
      return { level: 'warn', message: `group ${e.group}: no handler for ${e.topic} tag ${e.tags ?? '(none)'}; message ${e.msgId} acknowledged` };
    case 'handler-failed':
      return { level: 'warn', message: `${e.handler} failed on ${e.msgId}: ${errorOf(e)}`, context: { group: e.group } };
    case 'consumer-event': {
      const { type, error: _e, ...rest } = e.event as ConsumerEvent & { error?: unknown };
      const error = errorOf(e.event);
      return { level: consumerLevel(e.event), message: `consumer ${e.group}: ${type}${error ? `: ${error}` : ''}`, context: rest };
    }
    case 'producer-event': {
      const { type, error: _e, ...rest } = e.event as ProducerEvent & { error?: unknown };
      const error = errorOf(e.event);
      return { level: producerLevel(e.event), message: `producer ${e.group}: ${type}${error ? `: ${error}` : ''}`, context: rest };
    }
    default: {
      const { type, ...rest } = e;
      return { level: 'info', message: type, context: rest };
    }
  }
}

/** Writes an app event to the logger at its level. */
export function logEvent(logger: RocketMQLogger, e: AppEvent): void {
  const { level, message, context } = describeEvent(e);
  if (context === undefined || Object.keys(context).length === 0) logger[level](message);
  else logger[level](message, context);
}
