import type { MessageQueue } from '../../../core/message/message-queue.js';
import type {
  BrokerPort,
  CallOptions,
  Cancelable,
  CreateTopicRequest,
  EndTransactionRequest,
  PulledMessage,
  PullRequest,
  PullResponse,
  Reply,
  SendBackRequest,
  SendRequest,
  SendResponse,
} from '../../../core/ports/broker-port.js';
import type { HeartbeatData } from '../../../core/ports/heartbeat.js';
import { decodeConsumerList } from '../protocol/body/consumer-list.js';
import { encodeHeartbeat } from '../protocol/body/heartbeat.js';
import { decodeLockBatchResponse, encodeLockBatchRequest, encodeUnlockBatchRequest } from '../protocol/body/lock.js';
import { RequestCode, ResponseCode } from '../protocol/codes.js';
import type { RemotingCommand } from '../protocol/command.js';
import { encodeConsumerSendMsgBackRequest } from '../protocol/headers/consumer-send-msg-back.js';
import { encodeCreateTopicRequest } from '../protocol/headers/create-topic.js';
import { encodeEndTransactionRequest } from '../protocol/headers/end-transaction.js';
import { encodeGetConsumerListByGroupRequest } from '../protocol/headers/get-consumer-list-by-group.js';
import { decodeGetMaxOffsetResponse, encodeGetMaxOffsetRequest } from '../protocol/headers/get-max-offset.js';
import { decodeGetMinOffsetResponse, encodeGetMinOffsetRequest } from '../protocol/headers/get-min-offset.js';
import { decodeQueryConsumerOffsetResponse, encodeQueryConsumerOffsetRequest } from '../protocol/headers/query-consumer-offset.js';
import { decodeSearchOffsetResponse, encodeSearchOffsetRequest } from '../protocol/headers/search-offset.js';
import { encodeUnregisterClientRequest } from '../protocol/headers/unregister-client.js';
import { encodeUpdateConsumerOffsetRequest } from '../protocol/headers/update-consumer-offset.js';
import { encodeViewMessageRequest } from '../protocol/headers/view-message.js';
import { decodeStoredMessage } from '../protocol/message/stored-message.js';
import { pullCommand, pullContext, pullResult, pullTimeoutMs } from './pull.js';
import { expectCode, type ResponseContext } from './response-errors.js';
import type { Rpc } from './rpc.js';
import { failLater, NOT_STARTED } from '../transport/request-guard.js';
import { SendAnswer, sendCommand } from './send.js';

/** The queue fields every offset request carries (`bname` = the queue's broker, as the Java 4.9.8 client sends). */
const queueFields = (mq: MessageQueue) => ({ topic: mq.topic, queueId: mq.queueId, bname: mq.brokerName });
const queueContext = (address: string, requestCode: number, mq: MessageQueue): ResponseContext =>
  ({ address, requestCode, brokerName: mq.brokerName, queueId: mq.queueId });

/** Java's `createTopic` defaults for what `CreateTopicRequest` leaves out. */
const DEFAULT_TOPIC = 'TBW102';

/**
 * The broker half of the port: one short method per RocketMQ request. Each builds its header with the protocol's
 * header module, sends it through {@link Rpc}, and maps the answer; an unexpected code becomes a
 * `BrokerResponseError` in `expectCode`.
 */
export class BrokerClient implements BrokerPort {
  constructor(private readonly rpc: Rpc) {}

  send(addr: string, req: SendRequest, opts?: CallOptions): Promise<SendResponse> {
    // A header or property the encoder refuses throws here, which rejects the Promise.
    return new Promise((resolved, rejected) =>
      this.rpc.invokeTo(addr, sendCommand(this.rpc, req), opts, undefined, new SendAnswer(addr, req, { resolved, rejected })),
    );
  }

  /** {@link send} without a Promise or a signal; a header or property the encoder refuses fails `reply` (after this call). */
  sendTo(addr: string, req: SendRequest, timeoutMs: number, reply: Reply<SendResponse>): Cancelable {
    let command: RemotingCommand;
    try {
      command = sendCommand(this.rpc, req);
    } catch (error) {
      failLater(reply, error);
      return NOT_STARTED;
    }
    return this.rpc.callTo(addr, command, timeoutMs, new SendAnswer(addr, req, reply));
  }

  /** Async so that a header or property the encoder refuses rejects the Promise rather than throwing. */
  async sendOneway(addr: string, req: SendRequest): Promise<void> {
    return this.rpc.oneway(addr, sendCommand(this.rpc, req));
  }

  async pull(addr: string, req: PullRequest, opts?: CallOptions): Promise<PullResponse> {
    // Named fields, not `{ ...opts, timeoutMs }`: a spread of a fresh object followed by a new key makes a new hidden
    // class per call on Node 20, and each pull would then miss every property read of its options.
    const callOptions: CallOptions = { timeoutMs: opts?.timeoutMs ?? pullTimeoutMs(req) };
    if (opts?.signal !== undefined) callOptions.signal = opts.signal;
    const response = await this.rpc.invoke(addr, pullCommand(this.rpc, req), callOptions);
    return pullResult(response, pullContext(addr, req));
  }

  async queryConsumerOffset(addr: string, group: string, mq: MessageQueue, opts?: CallOptions): Promise<number | undefined> {
    const ext = encodeQueryConsumerOffsetRequest({ consumerGroup: group, ...queueFields(mq) });
    const context = queueContext(addr, RequestCode.QUERY_CONSUMER_OFFSET, mq);
    const response = await this.call(addr, RequestCode.QUERY_CONSUMER_OFFSET, ext, undefined, opts, context, [ResponseCode.SUCCESS, ResponseCode.QUERY_NOT_FOUND]);
    return response.code === ResponseCode.QUERY_NOT_FOUND ? undefined : decodeQueryConsumerOffsetResponse(response.extFields).offset;
  }

  async updateConsumerOffset(addr: string, group: string, mq: MessageQueue, offset: number, oneway: boolean): Promise<void> {
    const ext = encodeUpdateConsumerOffsetRequest({ consumerGroup: group, ...queueFields(mq), commitOffset: offset });
    const command = this.rpc.command(RequestCode.UPDATE_CONSUMER_OFFSET, ext);
    if (oneway) return this.rpc.oneway(addr, command);
    expectCode(await this.rpc.invoke(addr, command), queueContext(addr, RequestCode.UPDATE_CONSUMER_OFFSET, mq));
  }

  async getMaxOffset(addr: string, mq: MessageQueue, opts?: CallOptions): Promise<number> {
    const context = queueContext(addr, RequestCode.GET_MAX_OFFSET, mq);
    const response = await this.call(addr, RequestCode.GET_MAX_OFFSET, encodeGetMaxOffsetRequest(queueFields(mq)), undefined, opts, context);
    return decodeGetMaxOffsetResponse(response.extFields).offset;
  }

  async getMinOffset(addr: string, mq: MessageQueue, opts?: CallOptions): Promise<number> {
    const context = queueContext(addr, RequestCode.GET_MIN_OFFSET, mq);
    const response = await this.call(addr, RequestCode.GET_MIN_OFFSET, encodeGetMinOffsetRequest(queueFields(mq)), undefined, opts, context);
    return decodeGetMinOffsetResponse(response.extFields).offset;
  }

  async searchOffset(addr: string, mq: MessageQueue, timestamp: number, opts?: CallOptions): Promise<number> {
    const ext = encodeSearchOffsetRequest({ ...queueFields(mq), timestamp });
    const context = queueContext(addr, RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, mq);
    const response = await this.call(addr, RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, ext, undefined, opts, context);
    return decodeSearchOffsetResponse(response.extFields).offset;
  }

  async heartbeat(addr: string, data: HeartbeatData, opts?: CallOptions): Promise<void> {
    await this.call(addr, RequestCode.HEART_BEAT, undefined, encodeHeartbeat(data), opts);
  }

  async unregisterClient(addr: string, clientId: string, group: { producerGroup?: string; consumerGroup?: string }): Promise<void> {
    await this.call(addr, RequestCode.UNREGISTER_CLIENT, encodeUnregisterClientRequest({ clientId, ...group }), undefined);
  }

  async getConsumerIdList(addr: string, group: string, opts?: CallOptions): Promise<string[]> {
    const response = await this.call(addr, RequestCode.GET_CONSUMER_LIST_BY_GROUP, encodeGetConsumerListByGroupRequest({ consumerGroup: group }), undefined, opts);
    return response.body === undefined || response.body.length === 0 ? [] : decodeConsumerList(response.body).consumerIdList;
  }

  async lockBatch(addr: string, group: string, clientId: string, mqs: MessageQueue[], opts?: CallOptions): Promise<MessageQueue[]> {
    const body = encodeLockBatchRequest({ consumerGroup: group, clientId, mqSet: mqs });
    const response = await this.call(addr, RequestCode.LOCK_BATCH_MQ, undefined, body, opts);
    return response.body === undefined || response.body.length === 0 ? [] : decodeLockBatchResponse(response.body).lockOKMQSet;
  }

  async unlockBatch(addr: string, group: string, clientId: string, mqs: MessageQueue[], oneway: boolean): Promise<void> {
    const command = this.rpc.command(RequestCode.UNLOCK_BATCH_MQ, undefined, encodeUnlockBatchRequest({ consumerGroup: group, clientId, mqSet: mqs }));
    if (oneway) return this.rpc.oneway(addr, command);
    expectCode(await this.rpc.invoke(addr, command), { address: addr, requestCode: RequestCode.UNLOCK_BATCH_MQ });
  }

  async sendMessageBack(addr: string, req: SendBackRequest, opts?: CallOptions): Promise<void> {
    const { offset, group, delayLevel, originMsgId, originTopic, maxReconsumeTimes, brokerName } = req;
    const ext = encodeConsumerSendMsgBackRequest({ offset, group, delayLevel, originMsgId, originTopic, unitMode: false, maxReconsumeTimes, bname: brokerName });
    await this.call(addr, RequestCode.CONSUMER_SEND_MSG_BACK, ext, undefined, opts, { address: addr, requestCode: RequestCode.CONSUMER_SEND_MSG_BACK, brokerName });
  }

  /** Async so that a header value the encoder refuses rejects the Promise rather than throwing. */
  async endTransaction(addr: string, req: EndTransactionRequest): Promise<void> {
    const { remark, ...header } = req;
    const command = this.rpc.command(RequestCode.END_TRANSACTION, encodeEndTransactionRequest(header));
    return this.rpc.oneway(addr, remark === undefined ? command : { ...command, remark });
  }

  async viewMessage(addr: string, physicalOffset: number, opts?: CallOptions): Promise<PulledMessage> {
    const response = await this.call(addr, RequestCode.VIEW_MESSAGE_BY_ID, encodeViewMessageRequest({ offset: physicalOffset }), undefined, opts);
    return decodeStoredMessage(response.body ?? Buffer.alloc(0));
  }

  async createTopic(addr: string, req: CreateTopicRequest, opts?: CallOptions): Promise<void> {
    const ext = encodeCreateTopicRequest({ ...req, defaultTopic: DEFAULT_TOPIC, topicFilterType: 'SINGLE_TAG', topicSysFlag: 0, order: req.order ?? false });
    await this.call(addr, RequestCode.UPDATE_AND_CREATE_TOPIC, ext, undefined, opts);
  }

  /** Sends a request and returns its response if the code is accepted (SUCCESS by default), else throws. */
  private async call(
    address: string,
    code: number,
    extFields: Record<string, string> | undefined,
    body: Buffer | undefined,
    opts?: CallOptions,
    context: ResponseContext = { address, requestCode: code },
    accepted?: readonly number[],
  ): Promise<RemotingCommand> {
    const response = await this.rpc.invoke(address, this.rpc.command(code, extFields, body), opts);
    return expectCode(response, context, accepted);
  }
}
