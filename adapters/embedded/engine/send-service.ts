import { TOPIC_MAX_LENGTH } from '../../../core/validation/names.js';
import { ResponseCode } from '../../remoting/protocol/codes.js';
import { decodeBatch } from '../../remoting/protocol/message/batch.js';
import { decodeProperties, MessageProperty, type Properties } from '../../remoting/protocol/message/properties.js';
import { MessageSysFlag, transactionTypeOf } from '../../remoting/protocol/message/sysflag.js';
import type { TopicConfigRecord } from '../store/message-store.js';
import { batchEnvelope, batchItemProperties } from './batch-properties.js';
import type { ClientChannel } from './channel.js';
import type { ResolvedBrokerConfig } from './config.js';
import { checkHeader } from './header-check.js';
import { javaPropertiesString } from './java-properties.js';
import { intProperty, normalizeAddress, without, type BrokerMessage } from './message.js';
import type { MessageWriter, StagedWrite } from './message-writer.js';
import { failure, type Failure } from './outcome.js';
import type { SendTarget } from './send-target.js';
import type { SendOutcome, SendRequest } from './send-types.js';

export interface SendServiceDeps {
  config: ResolvedBrokerConfig;
  writer: MessageWriter;
  target: SendTarget;
  /** Stages a half message (transactions), within the send's admission step. */
  stageHalf: (msg: BrokerMessage) => Promise<StagedWrite>;
}

/** A staged send and the queue its answer names. */
type Staged = StagedWrite & { queueId: number };

const HEADER = {
  strings: ['producerGroup', 'topic', 'defaultTopic'],
  integers: ['defaultTopicQueueNums', 'queueId', 'sysFlag', 'bornTimestamp', 'flag'],
  optionalIntegers: ['reconsumeTimes', 'maxReconsumeTimes', 'version'],
} as const;

/** SEND_MESSAGE (V1/V2) and SEND_BATCH_MESSAGE (Java `SendMessageProcessor`, 4.9.7). */
export class SendService {
  constructor(private readonly deps: SendServiceDeps) {}

  /** Checks, then creates what is missing and stages the message in arrival order (see `MessageWriter.admit`). */
  async send(req: SendRequest, channel: ClientChannel): Promise<SendOutcome> {
    const bad = checkHeader(req, HEADER);
    if (bad !== undefined) return bad;
    const staged = await this.deps.writer.admit(() => this.stageSend(req, channel));
    if ('code' in staged) return staged;
    const put = await staged.done;
    if (!put.ok) return put.failure;
    const stored = put.stored[0]!;
    return { code: ResponseCode.SUCCESS, msgId: stored.msgId, queueId: staged.queueId, queueOffset: stored.queueOffset };
  }

  async sendBatch(req: SendRequest, channel: ClientChannel): Promise<SendOutcome> {
    const bad = checkHeader(req, HEADER);
    if (bad !== undefined) return bad;
    const staged = await this.deps.writer.admit(() => this.stageBatch(req, channel));
    if ('code' in staged) return staged;
    const put = await staged.done;
    if (!put.ok) return put.failure;
    const msgId = put.stored.map((s) => s.msgId).join(',');
    return { code: ResponseCode.SUCCESS, msgId, queueId: staged.queueId, queueOffset: put.stored[0]!.queueOffset };
  }

  private async stageSend(req: SendRequest, channel: ClientChannel): Promise<Staged | Failure> {
    const target = await this.deps.target.resolve(req, channel);
    if ('code' in target) return target;
    const dest = await this.deps.target.retryOrDlq(req, target.queueId);
    if ('code' in dest) return dest;
    const msg = this.message(req, channel, dest.topic, dest.queueId);
    const staged = isTransaction(msg) ? await this.deps.stageHalf(msg) : await this.deps.writer.stage([msg]);
    return { done: staged.done, queueId: target.queueId };
  }

  private async stageBatch(req: SendRequest, channel: ClientChannel): Promise<Staged | Failure> {
    const target = await this.deps.target.resolve(req, channel);
    if ('code' in target) return target;
    const invalid = this.checkBatch(req);
    if (invalid !== undefined) return invalid;
    const inner = this.batchMessages(req, channel, target.config, target.queueId);
    if ('code' in inner) return inner;
    const staged = await this.deps.writer.stage(inner);
    return { done: staged.done, queueId: target.queueId };
  }

  /**
   * A single send as Java builds `MessageExtBrokerInner`: the header's properties parsed into a HashMap, CLUSTER put;
   * the stored string is that map without WAIT, in HashMap order; WAIT is then put back (so it follows CLUSTER in the
   * map a delay diversion or a half message re-encodes).
   */
  private message(req: SendRequest, channel: ClientChannel, topic: string, queueId: number): BrokerMessage {
    const sent = decodeProperties(req.properties ?? '');
    const wait = sent[MessageProperty.WAIT_STORE_MSG_OK];
    const properties: Properties = without(sent, MessageProperty.WAIT_STORE_MSG_OK);
    properties[MessageProperty.CLUSTER] = this.deps.config.clusterName;
    const stored = javaPropertiesString(properties, wait === undefined ? [] : [MessageProperty.WAIT_STORE_MSG_OK]);
    if (wait !== undefined) properties[MessageProperty.WAIT_STORE_MSG_OK] = wait;
    return {
      topic,
      queueId,
      flag: req.flag,
      body: req.body ?? Buffer.alloc(0),
      sysFlag: req.sysFlag,
      bornTimestamp: req.bornTimestamp,
      bornHost: normalizeAddress(channel.remoteAddress),
      storeHost: this.deps.config.brokerAddr,
      reconsumeTimes: req.reconsumeTimes ?? 0,
      preparedTransactionOffset: 0,
      properties,
      propertiesString: stored,
      delayLevel: intProperty(properties, MessageProperty.DELAY_TIME_LEVEL),
    };
  }

  /** What `CommitLog.putMessages` and `checkMessages` refuse for a batch, before its body is read. */
  private checkBatch(req: SendRequest): Failure | undefined {
    if (Buffer.byteLength(req.topic, 'utf8') > TOPIC_MAX_LENGTH) {
      return failure(ResponseCode.MESSAGE_ILLEGAL, `message topic length too long ${req.topic.length}`);
    }
    const envelope = decodeProperties(req.properties ?? '');
    if (transactionTypeOf(req.sysFlag) !== MessageSysFlag.TRANSACTION_NOT_TYPE) {
      return this.deps.writer.illegal('a batch cannot hold transactional messages');
    }
    if (intProperty(envelope, MessageProperty.DELAY_TIME_LEVEL) > 0) return this.deps.writer.illegal('a batch cannot be delayed');
    const size = req.body?.length ?? 0;
    if (size > this.deps.config.maxMessageSize) return this.deps.writer.illegal(`the batch body is ${size} bytes`);
    if (size === 0) return this.deps.writer.illegal('the batch is empty');
    return undefined;
  }

  /**
   * Each inner message with its own flag and body; its properties as sent followed by the envelope's (with CLUSTER,
   * see `batchItemProperties`); the envelope's sysFlag, hosts and times.
   */
  private batchMessages(req: SendRequest, channel: ClientChannel, cfg: TopicConfigRecord, queueId: number): BrokerMessage[] | Failure {
    let items;
    try {
      items = decodeBatch(req.body ?? Buffer.alloc(0));
    } catch (err) {
      return failure(ResponseCode.SYSTEM_ERROR, `the batch body is malformed: ${(err as Error).message}`);
    }
    const bornHost = normalizeAddress(channel.remoteAddress);
    const envelope = batchEnvelope(req.properties ?? '', this.deps.config.clusterName);
    return items.map((item) => ({
      topic: cfg.topicName,
      queueId,
      flag: item.flag,
      body: item.body,
      sysFlag: req.sysFlag,
      bornTimestamp: req.bornTimestamp,
      bornHost,
      storeHost: this.deps.config.brokerAddr,
      reconsumeTimes: req.reconsumeTimes ?? 0,
      preparedTransactionOffset: 0,
      properties: { ...item.properties, ...envelope.properties },
      propertiesString: batchItemProperties(item.propertiesString, envelope.text),
      delayLevel: 0,
    }));
  }
}

/** TRAN_MSG=true (case-insensitive, like `Boolean.parseBoolean`) or a PREPARED sysFlag, unless it is a retry with delay. */
function isTransaction(msg: BrokerMessage): boolean {
  const flagged = msg.properties[MessageProperty.TRANSACTION_PREPARED]?.toLowerCase() === 'true';
  const typed = transactionTypeOf(msg.sysFlag) === MessageSysFlag.TRANSACTION_PREPARED_TYPE;
  return (flagged || typed) && !(msg.reconsumeTimes > 0 && msg.delayLevel > 0);
}
