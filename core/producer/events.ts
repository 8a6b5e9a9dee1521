import type { MessageQueue } from '../message/message-queue.js';
import type { TransactionState } from './send-result.js';

/**
 * What a producer reports on `events$` (the stream completes when the producer has shut down):
 * - `send-attempt-failed`: one try of a send failed; `retrying` says whether another follows.
 * - `broker-isolated`: the latency fault table will avoid a broker for `durationMs` (when fault avoidance is on).
 * - `transaction-check`: the broker asked about a transaction and the listener's answer was sent.
 * - `transaction-check-failed`: the listener threw (answered UNKNOWN) or no listener is set.
 * - `end-transaction-failed`: END_TRANSACTION could not be sent (the broker will check back later).
 */
export type ProducerEvent =
  | {
      readonly type: 'send-attempt-failed';
      readonly topic: string;
      readonly attempt: number;
      readonly queue: MessageQueue;
      readonly latencyMs: number;
      readonly error: unknown;
      readonly retrying: boolean;
    }
  | { readonly type: 'broker-isolated'; readonly brokerName: string; readonly latencyMs: number; readonly durationMs: number }
  | { readonly type: 'transaction-check'; readonly msgId: string; readonly transactionId: string | undefined; readonly state: TransactionState }
  | { readonly type: 'transaction-check-failed'; readonly msgId: string; readonly error: unknown }
  | { readonly type: 'end-transaction-failed'; readonly msgId: string; readonly brokerAddr: string | undefined; readonly error: unknown };

export type ReportProducerEvent = (event: ProducerEvent) => void;
