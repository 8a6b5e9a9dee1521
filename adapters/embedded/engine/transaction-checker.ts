import { RequestCode } from '../../remoting/protocol/codes.js';
import { MessageProperty } from '../../remoting/protocol/message/properties.js';
import { encodeStoredMessage, storedFieldsOf } from '../../remoting/protocol/message/stored-message-writer.js';
import type { DecodedMessage } from '../../remoting/protocol/message/stored-message.js';
import type { MessageStore } from '../store/message-store.js';
import type { ResolvedBrokerConfig } from './config.js';
import { EngineError } from './errors.js';
import { emitSafely, type EngineEventSink } from './events.js';
import type { HalfTable } from './half-table.js';
import { javaOrdered } from './java-properties.js';
import type { ProducerRegistry } from './producer-registry.js';
import { lookMessage } from './record-reader.js';
import type { PendingHalf } from './transaction-types.js';

export interface TransactionCheckerDeps {
  store: MessageStore;
  config: ResolvedBrokerConfig;
  halves: HalfTable;
  producers: ProducerRegistry;
  now: () => number;
  random: () => number;
  onEvent: EngineEventSink | undefined;
}

/**
 * One round of the transaction check (Java `TransactionalMessageCheckService`, run every
 * `transactionCheckIntervalMs` by the broker): every half message older than `transactionTimeoutMs` (or its
 * CHECK_IMMUNITY_TIME_IN_SECONDS) is checked by sending CHECK_TRANSACTION_STATE to one live producer channel of its
 * PGROUP, at most `transactionCheckMax` times; on the round after the last check it is discarded.
 */
export class TransactionChecker {
  private discardedCount = 0;

  constructor(private readonly deps: TransactionCheckerDeps) {}

  /** Half messages dropped after `transactionCheckMax` checks since the broker started. */
  get discarded(): number {
    return this.discardedCount;
  }

  /** One round; the check counts are saved only when the round counted a check or discarded a half. */
  async checkOnce(): Promise<void> {
    const now = this.deps.now();
    let changed = false;
    for (const p of this.deps.halves.list()) {
      if (now - p.storeTimestamp < (p.immunityMs ?? this.deps.config.transactionTimeoutMs)) continue;
      const half = p.checkTimes >= this.deps.config.transactionCheckMax ? undefined : lookMessage(this.deps.store, p.physicalOffset);
      if (half === undefined) {
        if (await this.discard(p)) changed = true;
        continue;
      }
      p.checkTimes++;
      changed = true;
      const sent = this.sendCheck(p, half);
      emitSafely(this.deps.onEvent, { type: 'transaction-check', commitLogOffset: p.physicalOffset, checkTimes: p.checkTimes, sent });
    }
    if (changed) await this.deps.halves.saveCheckTimes();
  }

  /** False when a commit or rollback is resolving the half already. */
  private async discard(pending: PendingHalf): Promise<boolean> {
    const p = this.deps.halves.claim(pending.physicalOffset);
    if (p === undefined) return false;
    const put = await this.deps.halves.resolve(p);
    if (!put.ok) {
      this.deps.halves.release(p);
      throw new EngineError('internal-write-failed', `discarding the half message at ${p.physicalOffset} failed: ${put.failure.remark}`, {
        physicalOffset: p.physicalOffset, code: put.failure.code, remark: put.failure.remark,
      });
    }
    this.discardedCount++;
    emitSafely(this.deps.onEvent, { type: 'transaction-discarded', commitLogOffset: p.physicalOffset, checkTimes: p.checkTimes });
    return true;
  }

  private sendCheck(p: PendingHalf, half: DecodedMessage): boolean {
    const channel = this.deps.producers.availableChannel(p.producerGroup, this.deps.random);
    if (channel === undefined) return false;
    const uniq = half.properties[MessageProperty.UNIQ_CLIENT_MESSAGE_ID_KEYIDX];
    const header: Record<string, string> = {
      tranStateTableOffset: String(half.queueOffset),
      commitLogOffset: String(half.physicalOffset),
      offsetMsgId: half.offsetMsgId,
      ...(uniq !== undefined ? { msgId: uniq, transactionId: uniq } : {}),
    };
    try {
      channel.notify(RequestCode.CHECK_TRANSACTION_STATE, header, checkBody(half, p.checkTimes));
      return true;
    } catch (error) {
      emitSafely(this.deps.onEvent, { type: 'error', where: 'check-transaction-state', error });
      return false;
    }
  }
}

/**
 * The half message re-encoded with its real topic and queue and the check count (what a 4.9 broker sends): its stored
 * string parsed into a HashMap, TRANSACTION_CHECK_TIMES then WAIT=false put, written in HashMap order.
 */
function checkBody(half: DecodedMessage, checkTimes: number): Buffer {
  const properties = javaOrdered({
    ...half.properties,
    [MessageProperty.TRANSACTION_CHECK_TIMES]: String(checkTimes),
    [MessageProperty.WAIT_STORE_MSG_OK]: 'false',
  });
  return encodeStoredMessage({
    ...storedFieldsOf(half),
    topic: half.properties[MessageProperty.REAL_TOPIC] ?? half.topic,
    queueId: Number(half.properties[MessageProperty.REAL_QUEUE_ID] ?? half.queueId),
    properties,
  });
}
