import { ResponseCode } from '../../remoting/protocol/codes.js';
import { MessageProperty, type Properties } from '../../remoting/protocol/message/properties.js';
import type { DecodedMessage } from '../../remoting/protocol/message/stored-message.js';
import { MessageSysFlag, withTransactionType } from '../../remoting/protocol/message/sysflag.js';
import type { MessageStore } from '../store/message-store.js';
import { pendingOf, type HalfTable } from './half-table.js';
import { checkHeader } from './header-check.js';
import { javaPropertiesString } from './java-properties.js';
import { without, type BrokerMessage } from './message.js';
import type { MessageWriter, StagedWrite } from './message-writer.js';
import { DONE, failure, type Done, type Failure } from './outcome.js';
import { PERM_READ, PERM_WRITE } from './perm.js';
import { lookMessage, messageFrom } from './record-reader.js';
import { TRANS_HALF_TOPIC } from './topic-names.js';
import type { TopicTable } from './topic-table.js';
import type { EndTransactionRequest, PendingHalf } from './transaction-types.js';

export interface TransactionServiceDeps {
  store: MessageStore;
  writer: () => MessageWriter;
  topics: TopicTable;
  halves: HalfTable;
}

/** `Done`/`Failure` for commit and rollback; `undefined` = no response (an UNKNOWN state, or an unknown type). */
export type EndTransactionOutcome = Done | Failure | undefined;

const HEADER = { strings: ['producerGroup'], integers: ['tranStateTableOffset', 'commitLogOffset', 'commitOrRollback'] } as const;

/**
 * Half messages and END_TRANSACTION (Java `TransactionalMessageBridge.parseHalfMessageInner`,
 * `EndTransactionProcessor`, 4.9.7). A half message is stored in RMQ_SYS_TRANS_HALF_TOPIC queue 0 with REAL_TOPIC /
 * REAL_QID, invisible to consumers; a commit re-stores it to the real queue with the COMMIT type and
 * PREPAREDTRANSACTIONOFFSET = the half's commit-log offset; a rollback discards it.
 */
export class TransactionService {
  constructor(private readonly deps: TransactionServiceDeps) {}

  /** Within a send's admission step: stages the half message; once stored it is pending. */
  async stageHalf(msg: BrokerMessage): Promise<StagedWrite> {
    await this.deps.topics.ensure(TRANS_HALF_TOPIC, 1, PERM_READ | PERM_WRITE);
    // Java parseHalfMessageInner: REAL_TOPIC and REAL_QID put into the send's map, which is re-encoded.
    const properties: Properties = {
      ...without(msg.properties, MessageProperty.DELAY_TIME_LEVEL),
      [MessageProperty.REAL_TOPIC]: msg.topic,
      [MessageProperty.REAL_QUEUE_ID]: String(msg.queueId),
    };
    const removed = msg.properties[MessageProperty.DELAY_TIME_LEVEL] === undefined ? [] : [MessageProperty.DELAY_TIME_LEVEL];
    const { propertiesString: _map, ...rest } = msg;
    const half: BrokerMessage = {
      ...rest,
      topic: TRANS_HALF_TOPIC,
      queueId: 0,
      sysFlag: withTransactionType(msg.sysFlag, MessageSysFlag.TRANSACTION_NOT_TYPE),
      properties,
      propertiesString: javaPropertiesString(properties, removed),
      delayLevel: 0,
    };
    const staged = await this.deps.writer().stage([half]);
    const done = staged.done.then((put) => {
      if (put.ok) {
        const s = put.stored[0]!;
        this.deps.halves.add(pendingOf(properties, s.queueOffset, s.physicalOffset, s.storeTimestamp));
      }
      return put;
    });
    return { done };
  }

  /**
   * Commit: the committed copy is stored in arrival order, then the half is resolved (its op message admitted after
   * the commit is stored, as Java deletes the prepared message only once the final one is put). Rollback: the op
   * message is the request's write, stored in arrival order. The half is claimed when the request is admitted, so a
   * second commit or rollback of it arriving meanwhile is refused as an already resolved one is.
   */
  async end(req: EndTransactionRequest): Promise<EndTransactionOutcome> {
    const bad = checkHeader(req, HEADER);
    if (bad !== undefined) return bad;
    const type = req.commitOrRollback;
    if (type !== MessageSysFlag.TRANSACTION_COMMIT_TYPE && type !== MessageSysFlag.TRANSACTION_ROLLBACK_TYPE) return undefined;
    const staged = await this.deps.writer().admit(() => this.stageEnd(req, type === MessageSysFlag.TRANSACTION_COMMIT_TYPE));
    if ('code' in staged) return staged;
    const put = await staged.done;
    if (!put.ok) {
      this.deps.halves.release(staged.pending); // nothing was stored: the half can be resolved again
      return put.failure;
    }
    if (!staged.commit) return DONE;
    // If the op message fails the half stays claimed: its committed copy is stored, a second commit must not be.
    const resolved = await this.deps.halves.resolve(staged.pending);
    return resolved.ok ? DONE : resolved.failure;
  }

  /** The admission step: claims the half before any await, checks it, stages the committed copy or the op message. */
  private async stageEnd(req: EndTransactionRequest, commit: boolean): Promise<StagedEnd | Failure> {
    const pending = this.deps.halves.claim(req.commitLogOffset);
    if (pending === undefined) return notFound();
    const half = lookMessage(this.deps.store, req.commitLogOffset);
    if (half === undefined || half.topic !== TRANS_HALF_TOPIC) return this.refuse(pending, notFound());
    const wrong = checkPrepared(half, req);
    if (wrong !== undefined) return this.refuse(pending, wrong);
    try {
      const staged = commit
        ? await this.deps.writer().stage([committed(half, req.commitLogOffset, pending.checkTimes)])
        : await this.deps.halves.stageResolve(pending);
      return { ...staged, pending, commit };
    } catch (err) {
      this.deps.halves.release(pending);
      throw err;
    }
  }

  private refuse(pending: PendingHalf, why: Failure): Failure {
    this.deps.halves.release(pending);
    return why;
  }
}

function notFound(): Failure {
  return failure(ResponseCode.SYSTEM_ERROR, 'Find prepared transaction message failed');
}

/** An END_TRANSACTION whose write is staged: the committed copy (commit) or the op message (rollback). */
interface StagedEnd extends StagedWrite {
  pending: PendingHalf;
  commit: boolean;
}

/** Java `checkPrepareMessage`. */
function checkPrepared(half: DecodedMessage, req: EndTransactionRequest): Failure | undefined {
  if (half.properties[MessageProperty.PRODUCER_GROUP] !== req.producerGroup) return failure(ResponseCode.SYSTEM_ERROR, 'The producer group wrong');
  if (half.queueOffset !== req.tranStateTableOffset) return failure(ResponseCode.SYSTEM_ERROR, 'The transaction state table offset wrong');
  if (half.physicalOffset !== req.commitLogOffset) return failure(ResponseCode.SYSTEM_ERROR, 'The commit log offset wrong');
  return undefined;
}

/**
 * Java `endMessageTransaction`: the half's body, hosts and properties, in its real queue, COMMIT type; the properties
 * string is that of the half's map (parsed from its stored string, in HashMap order). A half that was checked carries
 * TRANSACTION_CHECK_TIMES (the real broker re-stores it with the count put into its map before each check).
 */
function committed(half: DecodedMessage, commitLogOffset: number, checkTimes: number): BrokerMessage {
  const base = messageFrom(half);
  const properties: Properties = { ...base.properties };
  if (checkTimes > 0) properties[MessageProperty.TRANSACTION_CHECK_TIMES] = String(checkTimes);
  return {
    ...base,
    properties,
    propertiesString: javaPropertiesString(properties),
    topic: half.properties[MessageProperty.REAL_TOPIC] ?? '',
    queueId: Number(half.properties[MessageProperty.REAL_QUEUE_ID]),
    sysFlag: withTransactionType(half.sysFlag, MessageSysFlag.TRANSACTION_COMMIT_TYPE),
    preparedTransactionOffset: commitLogOffset,
  };
}
