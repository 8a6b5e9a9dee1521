import { catchError, defer, from, map, mergeMap, type Observable, of, type Subscription } from 'rxjs';
import type { ClientInstance } from '../client/client-instance.js';
import type { CodecRegistry } from '../codec/codec-registry.js';
import type { Message } from '../message/message.js';
import { type ReceivedMessage, toReceivedMessage } from '../message/received-message.js';
import { SystemProperty } from '../message/system-properties.js';
import type { CheckTransactionRequest, EndTransactionRequest } from '../ports/broker-port.js';
import { BrokerNotFoundError } from './retry-policy.js';
import { RocketMQError } from '../errors.js';
import type { ReportProducerEvent } from './events.js';
import { commitOrRollbackOf, resolveTransactionState, type ResolvedState, type TransactionStateLike } from './local-state.js';
import { commitLogOffsetOf } from './offset-msg-id.js';
import { type PrepareExtras, TRANSACTION_PREPARED_FLAG } from './prepare.js';
import type { SendResult, TransactionSendResult } from './send-result.js';

/** Runs the local transaction of a half message that the broker has stored. */
export type LocalTransaction<T = unknown, A = unknown> = (message: Message<T>, arg: A | undefined) => TransactionStateLike;

/** Answers the broker's CHECK_TRANSACTION_STATE for a half message whose transaction is still unknown. */
export type TransactionCheckListener = (message: ReceivedMessage) => TransactionStateLike;

/** What the transaction logic needs from its producer. */
export interface TransactionContext {
  /** The producer group on the wire (PGROUP). */
  readonly group: string;
  readonly instance: ClientInstance;
  readonly codecs: CodecRegistry;
  readonly report: ReportProducerEvent;
  /** Owns the check subscriptions (released on shutdown). */
  track(sub: Subscription): void;
  checkListener(): TransactionCheckListener | undefined;
}

/**
 * Transactional sends (shared/protocol §4.9, §4.15, §8.9): the half message's properties and flag, the local
 * transaction and END_TRANSACTION after it, and the answers to the broker's check-backs.
 */
export class TransactionCoordinator {
  constructor(private readonly ctx: TransactionContext) {}

  /** How a half message differs from a normal one: TRAN_MSG=true, PGROUP, sysFlag PREPARED, and no delay. */
  halfMessage(): PrepareExtras {
    return {
      properties: { [SystemProperty.TRANSACTION_PREPARED]: 'true', [SystemProperty.PRODUCER_GROUP]: this.ctx.group },
      sysFlag: TRANSACTION_PREPARED_FLAG,
      delay: false,
    };
  }

  /**
   * After the half message was sent: runs the local transaction (only when the broker answered SEND_OK, else the
   * state is ROLLBACK, like Java) and ends the transaction with the state it returns.
   */
  complete$<T, A>(message: Message<T>, arg: A | undefined, sent: SendResult, localTx: LocalTransaction<T, A>): Observable<TransactionSendResult> {
    const transactionId = sent.transactionId ?? sent.msgId;
    const decided$: Observable<ResolvedState> =
      sent.status === 'SEND_OK' ? resolveTransactionState(() => localTx(message, arg)) : of({ state: 'ROLLBACK' });
    return decided$.pipe(
      mergeMap((decided) => {
        const req: EndTransactionRequest = {
          producerGroup: this.ctx.group,
          tranStateTableOffset: sent.queueOffset,
          commitLogOffset: commitLogOffsetOf(sent.offsetMsgId),
          commitOrRollback: commitOrRollbackOf(decided.state),
          fromTransactionCheck: false,
          msgId: sent.msgId,
          transactionId,
          ...(decided.error === undefined ? {} : { remark: `executeLocalTransactionBranch exception: ${describe(decided.error)}` }),
        };
        const addr = this.ctx.instance.routes.masterAddr(sent.queue.brokerName);
        return from(this.endTransaction(addr ?? new BrokerNotFoundError(sent.queue.brokerName), req)).pipe(map(() => ({ ...sent, transactionId, localTransactionState: decided.state })));
      }),
    );
  }

  /** CHECK_TRANSACTION_STATE: asks the listener and answers with END_TRANSACTION (fromTransactionCheck=true). */
  check(req: CheckTransactionRequest): void {
    const msgId = req.message.properties[SystemProperty.UNIQ_CLIENT_MESSAGE_ID_KEYIDX] ?? req.msgId ?? req.message.msgId;
    const listener = this.ctx.checkListener();
    if (!listener) {
      this.ctx.report({ type: 'transaction-check-failed', msgId, error: new RocketMQError('no-check-listener', 'no transaction check listener is set', { group: this.ctx.group }) });
      return;
    }
    const received = this.received(req);
    const sub = defer(() => (received.ok ? resolveTransactionState(() => listener(received.message)) : of<ResolvedState>({ state: 'UNKNOWN', error: received.error })))
      .pipe(
        mergeMap((decided) => {
          if (decided.error !== undefined) this.ctx.report({ type: 'transaction-check-failed', msgId, error: decided.error });
          this.ctx.report({ type: 'transaction-check', msgId, transactionId: req.transactionId, state: decided.state });
          return from(this.endTransaction(req.brokerAddr, this.checkAnswer(req, msgId, decided)));
        }),
        catchError((error: unknown) => {
          this.ctx.report({ type: 'transaction-check-failed', msgId, error });
          return of(undefined);
        }),
      )
      .subscribe();
    this.ctx.track(sub);
  }

  private checkAnswer(req: CheckTransactionRequest, msgId: string, decided: ResolvedState): EndTransactionRequest {
    return {
      producerGroup: this.ctx.group,
      tranStateTableOffset: req.tranStateTableOffset,
      commitLogOffset: req.commitLogOffset,
      commitOrRollback: commitOrRollbackOf(decided.state),
      fromTransactionCheck: true,
      msgId,
      ...(req.transactionId === undefined ? {} : { transactionId: req.transactionId }),
      ...(decided.error === undefined ? {} : { remark: `checkLocalTransactionState exception: ${describe(decided.error)}` }),
    };
  }

  private received(req: CheckTransactionRequest): { ok: true; message: ReceivedMessage } | { ok: false; error: unknown } {
    try {
      const brokerName = this.brokerNameOf(req.brokerAddr) ?? '';
      const queue = { topic: req.message.topic, brokerName, queueId: req.message.queueId };
      return { ok: true, message: toReceivedMessage(req.message, queue, { registry: this.ctx.codecs }) };
    } catch (error) {
      return { ok: false, error };
    }
  }

  private brokerNameOf(addr: string): string | undefined {
    for (const [name, ids] of this.ctx.instance.routes.brokers()) if (Object.values(ids).includes(addr)) return name;
    return undefined;
  }

  /** END_TRANSACTION; a failure is reported (the broker will check back), never thrown. */
  private async endTransaction(addr: string | BrokerNotFoundError, req: EndTransactionRequest): Promise<void> {
    if (typeof addr !== 'string') {
      this.ctx.report({ type: 'end-transaction-failed', msgId: req.msgId, brokerAddr: undefined, error: addr });
      return;
    }
    try {
      await this.ctx.instance.port.endTransaction(addr, req);
    } catch (error) {
      this.ctx.report({ type: 'end-transaction-failed', msgId: req.msgId, brokerAddr: addr, error });
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
