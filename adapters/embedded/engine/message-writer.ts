import { TOPIC_MAX_LENGTH } from '../../../core/validation/names.js';
import { ResponseCode } from '../../remoting/protocol/codes.js';
import { encodeOffsetMessageId } from '../../remoting/protocol/message/message-id.js';
import { MessageProperty, type Properties } from '../../remoting/protocol/message/properties.js';
import { encodeStoredMessage } from '../../remoting/protocol/message/stored-message-writer.js';
import { MessageSysFlag, transactionTypeOf } from '../../remoting/protocol/message/sysflag.js';
import { tagsCode } from '../../remoting/protocol/message/tags.js';
import { parseAddress, type HostPort } from '../../remoting/transport/address.js';
import type { AppendRequest, AppendResult, MessageStore } from '../store/message-store.js';
import { Admission } from './admission.js';
import type { ResolvedBrokerConfig } from './config.js';
import type { KeyIndex } from './key-index.js';
import { storedPropertiesOf, type BrokerMessage } from './message.js';
import { failure, systemError, type Failure } from './outcome.js';
import { PERM_READ, PERM_WRITE } from './perm.js';
import { SCHEDULE_TOPIC } from './topic-names.js';
import type { TopicTable } from './topic-table.js';

/** A record just appended: where it went and the values a send response or a waiter needs. */
export interface StoredMessage {
  topic: string;
  queueId: number;
  queueOffset: number;
  physicalOffset: number;
  storeTimestamp: number;
  tagsCode: number;
  /** Offset message id (STOREHOST + PHYSICALOFFSET). */
  msgId: string;
}

export type ArrivalListener = (stored: StoredMessage) => void;

export type PutResult = { ok: true; stored: StoredMessage[] } | { ok: false; failure: Failure };

/** A write whose records were handed to the store (their place is fixed); `done` settles once they are stored. */
export interface StagedWrite {
  done: Promise<PutResult>;
}

interface Prepared {
  request: AppendRequest;
  props: Properties;
}

const MAX_PROPERTIES_BYTES = 0x7fff;

/**
 * The one way into the store (Java `CommitLog.putMessage` + dispatch): applies the delay diversion to
 * SCHEDULE_TOPIC_XXXX, checks sizes, encodes records, appends them atomically, indexes their keys and tells the
 * arrival listeners (long polling, the delay scheduler) about every appended record. Appends happen in admission
 * order (see {@link Admission}): `put`/`putAll` admit themselves; a request that must create a topic or group first
 * does that and then calls `stage` inside one `admit` step.
 */
export class MessageWriter {
  private readonly storeAddr: HostPort;
  private readonly admission = new Admission();

  constructor(
    private readonly store: MessageStore,
    private readonly config: ResolvedBrokerConfig,
    private readonly topics: TopicTable,
    private readonly index: KeyIndex,
    private readonly now: () => number,
    private readonly listeners: readonly ArrivalListener[],
  ) {
    this.storeAddr = parseAddress(config.brokerAddr);
  }

  /** Stores one message (admitted after every write that arrived before). */
  put(msg: BrokerMessage): Promise<PutResult> {
    return this.putAll([msg]);
  }

  /** Stores messages atomically, in order (a batch: consecutive offsets in one queue), admitted like `put`. */
  async putAll(msgs: readonly BrokerMessage[]): Promise<PutResult> {
    const staged = await this.admit(() => this.stage(msgs));
    return staged.done;
  }

  /**
   * Runs a write's admission step in arrival order (see {@link Admission}). Inside it, write with `stage`, never
   * with `put`/`putAll` (those admit themselves and would wait for the step that awaits them).
   */
  admit<T>(step: () => Promise<T>): Promise<T> {
    return this.admission.admit(step);
  }

  /**
   * Within an admission step: prepares the records (creating SCHEDULE_TOPIC_XXXX for a first delayed message) and
   * hands them to the store before it returns; the returned `done` then settles with the outcome.
   */
  async stage(msgs: readonly BrokerMessage[]): Promise<StagedWrite> {
    const storeTimestamp = this.now();
    const prepared: Prepared[] = [];
    for (const msg of msgs) {
      const p = await this.prepare(msg, storeTimestamp);
      if ('code' in p) return { done: Promise.resolve({ ok: false, failure: p }) };
      prepared.push(p);
    }
    return { done: this.complete(prepared, this.append(prepared.map((p) => p.request))) };
  }

  /** `store.append`, with a synchronous throw turned into a rejection. */
  private append(requests: AppendRequest[]): Promise<AppendResult[]> {
    try {
      return this.store.append(requests);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  private async complete(prepared: readonly Prepared[], appended: Promise<AppendResult[]>): Promise<PutResult> {
    let results;
    try {
      results = await appended;
    } catch (err) {
      return { ok: false, failure: storeFailure(err) };
    }
    const stored = results.map((r, i) => this.stored(prepared[i]!, r.queueOffset, r.physicalOffset));
    stored.forEach((s, i) => this.index.add(s.topic, prepared[i]!.props, s.physicalOffset, s.storeTimestamp));
    for (const s of stored) for (const listener of this.listeners) listener(s);
    return { ok: true, stored };
  }

  private async prepare(input: BrokerMessage, storeTimestamp: number): Promise<Prepared | Failure> {
    const msg = await this.divertDelayed(input);
    const properties = storedPropertiesOf(msg);
    const illegal = this.checkSizes(msg, properties);
    if (illegal !== undefined) return illegal;
    // The record's fields named one by one (a spread with a new key makes a new hidden class per call on Node 20).
    const record = encodeStoredMessage({
      topic: msg.topic,
      queueId: msg.queueId,
      flag: msg.flag,
      sysFlag: msg.sysFlag,
      bornTimestamp: msg.bornTimestamp,
      bornHost: msg.bornHost,
      storeTimestamp,
      storeHost: msg.storeHost,
      reconsumeTimes: msg.reconsumeTimes,
      preparedTransactionOffset: msg.preparedTransactionOffset,
      body: msg.body,
      properties,
    });
    const code = msg.topic === SCHEDULE_TOPIC ? storeTimestamp + this.delayMs(msg.queueId + 1) : tagsCode(msg.properties[MessageProperty.TAGS]);
    return { request: { topic: msg.topic, queueId: msg.queueId, record, tagsCode: code, storeTimestamp }, props: msg.properties };
  }

  /** Java: a NOT/COMMIT-type message with a delay level waits in SCHEDULE_TOPIC_XXXX queue level − 1. */
  private async divertDelayed(msg: BrokerMessage): Promise<BrokerMessage> {
    const tran = transactionTypeOf(msg.sysFlag);
    const eligible = tran === MessageSysFlag.TRANSACTION_NOT_TYPE || tran === MessageSysFlag.TRANSACTION_COMMIT_TYPE;
    if (!eligible || msg.delayLevel <= 0) return msg;
    const levels = this.config.delayLevelsMs.length;
    const level = Math.min(msg.delayLevel, levels);
    await this.topics.ensure(SCHEDULE_TOPIC, levels, PERM_READ | PERM_WRITE);
    const properties: Properties = { ...msg.properties };
    if (level !== msg.delayLevel) properties[MessageProperty.DELAY_TIME_LEVEL] = String(level);
    Object.assign(properties, {
      [MessageProperty.REAL_TOPIC]: msg.topic,
      [MessageProperty.REAL_QUEUE_ID]: String(msg.queueId),
    });
    const { propertiesString: _dropped, ...rest } = msg;
    return { ...rest, topic: SCHEDULE_TOPIC, queueId: level - 1, properties, delayLevel: level };
  }

  /** `properties`: the message's stored properties text. */
  private checkSizes(msg: BrokerMessage, properties: string): Failure | undefined {
    const props = Buffer.byteLength(properties, 'utf8');
    if (msg.body.length > this.config.maxMessageSize) return this.illegal(`the body is ${msg.body.length} bytes`);
    if (props > MAX_PROPERTIES_BYTES) return this.illegal(`the properties are ${props} bytes`);
    const topic = Buffer.byteLength(msg.topic, 'utf8');
    if (topic > TOPIC_MAX_LENGTH) return this.illegal(`the topic is ${topic} bytes, more than ${TOPIC_MAX_LENGTH}`);
    return undefined;
  }

  /** The 4.9.x remark for MESSAGE_ILLEGAL, followed by what exactly was too large. */
  illegal(detail: string): Failure {
    return failure(
      ResponseCode.MESSAGE_ILLEGAL,
      `the message is illegal, maybe msg body or properties length not matched. msg body length limit ${this.config.maxMessageSize}B, ` +
        `msg properties length limit 32KB. (${detail})`,
    );
  }

  private delayMs(level: number): number {
    return this.config.delayLevelsMs[Math.min(level, this.config.delayLevelsMs.length) - 1] ?? 0;
  }

  private stored(p: Prepared, queueOffset: number, physicalOffset: number): StoredMessage {
    const { topic, queueId, tagsCode: code, storeTimestamp } = p.request;
    const msgId = encodeOffsetMessageId(this.storeAddr.host, this.storeAddr.port, physicalOffset);
    return { topic, queueId, queueOffset, physicalOffset, storeTimestamp, tagsCode: code, msgId };
  }
}

function storeFailure(err: unknown): Failure {
  if ((err as { kind?: unknown })?.kind === 'store-closed') {
    return failure(ResponseCode.SERVICE_NOT_AVAILABLE, `service not available now, the message store is closed: ${String((err as Error).message)}`);
  }
  return systemError(err);
}
