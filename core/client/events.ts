import type { TopicRoute } from './topic-route.js';

/**
 * What the client instance reports: failures it survived (refresh, heartbeat, broker requests it could not route)
 * and route changes. Subscribe to `ClientInstance.events$`; the stream completes when the instance shuts down.
 */
export type ClientEvent =
  | { readonly type: 'route-changed'; readonly topic: string; readonly route: TopicRoute }
  | { readonly type: 'route-fallback'; readonly topic: string; readonly route: TopicRoute }
  | { readonly type: 'route-refresh-failed'; readonly topic: string; readonly error: unknown }
  | { readonly type: 'heartbeat-failed'; readonly address: string; readonly error: unknown }
  | { readonly type: 'unregister-failed'; readonly address: string; readonly group: string; readonly error: unknown }
  | { readonly type: 'broker-request-unhandled'; readonly request: string; readonly group: string | undefined; readonly error?: unknown };

/** A sink for events; collaborators get one instead of the subject. */
export type ReportEvent = (event: ClientEvent) => void;
