import type { Broker } from '../engine/broker.js';
import type { Handler, HandlerTable } from './handler.js';
import { adminHandlers } from './processors/admin.js';
import { clientHandlers } from './processors/clients.js';
import { lockHandlers } from './processors/locks.js';
import { offsetHandlers } from './processors/offsets.js';
import { pullHandlers } from './processors/pull.js';
import { queryHandlers } from './processors/query.js';
import { resetOffsetHandlers } from './processors/reset-offset.js';
import { retryHandlers } from './processors/retry.js';
import { sendHandlers } from './processors/send.js';
import { transactionHandlers } from './processors/transaction.js';

/** Every request code a broker answers, mapped to the engine's `Broker`. */
export function brokerHandlers(broker: Broker): HandlerTable {
  const tables = [
    sendHandlers(broker), pullHandlers(broker), offsetHandlers(broker), clientHandlers(broker), lockHandlers(broker),
    queryHandlers(broker), retryHandlers(broker), transactionHandlers(broker), adminHandlers(broker),
    resetOffsetHandlers(broker),
  ];
  const all = new Map<number, Handler>();
  for (const table of tables) for (const [code, handler] of table) all.set(code, handler);
  return all;
}
