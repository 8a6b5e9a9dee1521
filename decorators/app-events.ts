import type { ConsumerEvent } from '../core/consumer/push/events.js';
import type { ProducerEvent } from '../core/producer/events.js';

/**
 * What a RocketMQ app reports on `events$` (completes after `stop()`): its lifecycle, the clients it started, and
 * every event of its consumers and producers, tagged with their group.
 */
export type AppEvent =
  | { readonly type: 'starting' }
  | { readonly type: 'broker-started'; readonly address: string }
  | { readonly type: 'topics-ready'; readonly existing: readonly string[]; readonly created: readonly string[]; readonly skipped: readonly string[] }
  | { readonly type: 'producer-started'; readonly group: string; readonly classes: readonly string[] }
  | { readonly type: 'consumer-started'; readonly group: string; readonly subscriptions: Readonly<Record<string, string>>; readonly handlers: readonly string[] }
  | { readonly type: 'started'; readonly nameServer: string }
  | { readonly type: 'start-failed'; readonly error: unknown }
  | { readonly type: 'stopping' }
  | { readonly type: 'stop-failed'; readonly what: string; readonly error: unknown }
  | { readonly type: 'stopped' }
  | { readonly type: 'consumer-event'; readonly group: string; readonly event: ConsumerEvent }
  | { readonly type: 'producer-event'; readonly group: string; readonly event: ProducerEvent }
  | { readonly type: 'message-unrouted'; readonly group: string; readonly topic: string; readonly tags: string | undefined; readonly msgId: string }
  | { readonly type: 'handler-failed'; readonly group: string; readonly handler: string; readonly msgId: string; readonly error: unknown };

/** A sink for app events. */
export type ReportAppEvent = (event: AppEvent) => void;
