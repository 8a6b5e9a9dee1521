import type { MessageQueue } from '../message/message-queue.js';
import type { HeartbeatData } from './heartbeat.js';
import type { TopicRouteData } from './route.js';

/**
 * The ports: what core needs from a RocketMQ cluster, one method per remoting request. The native adapter
 * (`adapters/remoting/client`) implements them over TCP; tests implement them with fakes. Every method rejects with a
 * `BrokerResponseError` (see `errors.ts` in this folder) for an unexpected response code and with a transport error
 * for timeouts and closed connections. Addresses are `ip:port`.
 */
export interface CallOptions {
  timeoutMs?: number;
  /** Abandons the wait (the request may still reach the broker). */
  signal?: AbortSignal;
}

/** A message as decoded from a broker's stored format (pull, query, check-back bodies). */
export interface PulledMessage {
  topic: string;
  queueId: number;
  queueOffset: number;
  physicalOffset: number;
  sysFlag: number;
  flag: number;
  bornTimestamp: number;
  bornHost: string;
  storeTimestamp: number;
  storeHost: string;
  reconsumeTimes: number;
  preparedTransactionOffset: number;
  /** Decompressed body. */
  body: Buffer;
  properties: Record<string, string>;
  /** UNIQ_KEY if present, else the offset id. */
  msgId: string;
  offsetMsgId: string;
  /** Size of the stored record in bytes (for flow-control accounting). */
  storeSize: number;
}

export interface SendRequest {
  producerGroup: string;
  topic: string;
  defaultTopic: string;
  defaultTopicQueueNums: number;
  queueId: number;
  sysFlag: number;
  bornTimestamp: number;
  flag: number;
  properties: Record<string, string>;
  reconsumeTimes?: number;
  maxReconsumeTimes?: number;
  brokerName: string;
  /** The (possibly compressed) body of a single message; empty for a batch. */
  body: Buffer;
  /** Present for SEND_BATCH_MESSAGE: the adapter encodes them as a batch body (each with its own UNIQ_KEY). */
  batch?: BatchItem[];
}

export interface BatchItem {
  flag: number;
  body: Buffer;
  properties: Record<string, string>;
}

export type SendStatus = 'SEND_OK' | 'FLUSH_DISK_TIMEOUT' | 'FLUSH_SLAVE_TIMEOUT' | 'SLAVE_NOT_AVAILABLE';

export interface SendResponse {
  status: SendStatus;
  /** Offset message id(s) from the broker (comma-joined for a batch). */
  offsetMsgId: string;
  queueId: number;
  queueOffset: number;
  transactionId?: string;
  regionId?: string;
  traceOn?: boolean;
}

export type PullStatus = 'FOUND' | 'NO_NEW_MSG' | 'NO_MATCHED_MSG' | 'OFFSET_ILLEGAL';

export interface PullRequest {
  consumerGroup: string;
  queue: MessageQueue;
  queueOffset: number;
  maxMsgNums: number;
  /** Pull sysFlag bits: 1 commit offset, 2 suspend, 4 subscription, 8 class filter. */
  sysFlag: number;
  commitOffset: number;
  suspendTimeoutMillis: number;
  subscription?: string;
  subVersion: number;
  expressionType?: string;
}

export interface PullResponse {
  status: PullStatus;
  nextBeginOffset: number;
  minOffset: number;
  maxOffset: number;
  suggestWhichBrokerId: number;
  messages: PulledMessage[];
}

export interface SendBackRequest {
  /** Commit-log offset of the failed message. */
  offset: number;
  group: string;
  /** 0: broker decides (3 + reconsume times); -1: straight to DLQ; > 0 explicit level. */
  delayLevel: number;
  originMsgId: string;
  originTopic: string;
  maxReconsumeTimes: number;
  brokerName: string;
}

export interface EndTransactionRequest {
  producerGroup: string;
  tranStateTableOffset: number;
  commitLogOffset: number;
  /** 0 unknown, 8 commit, 12 rollback. */
  commitOrRollback: 0 | 8 | 12;
  fromTransactionCheck: boolean;
  msgId: string;
  transactionId?: string;
  remark?: string;
}

export interface CreateTopicRequest {
  topic: string;
  readQueueNums: number;
  writeQueueNums: number;
  perm: number;
  order?: boolean;
}

export interface NameServerPort {
  /** Rejects with a BrokerResponseError of code TOPIC_NOT_EXIST (17) for unknown topics. */
  getRouteInfo(topic: string, opts?: CallOptions): Promise<TopicRouteData>;
}

/** Where an answer goes without a Promise: called once, never from inside the call that was given it. */
export interface Reply<T> {
  resolved(value: T): void;
  rejected(error: unknown): void;
}

/**
 * Abandons one request started by a callback-form call ({@link BrokerPort.sendTo}): the request leaves its
 * connection's books (its timeout, its place in the write queue if not yet written) and its reply, unless already
 * told, is told `request-aborted` with `reason` as the cause. A no-op once the request has settled.
 */
export interface Cancelable {
  cancel(reason: unknown): void;
}

export interface BrokerPort {
  send(addr: string, req: SendRequest, opts?: CallOptions): Promise<SendResponse>;
  /**
   * Optional: {@link send} with its outcome given to `reply` instead of a Promise, bounded by `timeoutMs` and
   * abandoned through what it returns instead of an AbortSignal (the producer's attempts use it when present: one
   * Promise, one microtask and the signal's bookkeeping less per send).
   */
  sendTo?(addr: string, req: SendRequest, timeoutMs: number, reply: Reply<SendResponse>): Cancelable;
  sendOneway(addr: string, req: SendRequest): Promise<void>;
  pull(addr: string, req: PullRequest, opts?: CallOptions): Promise<PullResponse>;
  /** `undefined` when the broker has no offset for the queue (QUERY_NOT_FOUND). */
  queryConsumerOffset(addr: string, group: string, mq: MessageQueue, opts?: CallOptions): Promise<number | undefined>;
  updateConsumerOffset(addr: string, group: string, mq: MessageQueue, offset: number, oneway: boolean): Promise<void>;
  getMaxOffset(addr: string, mq: MessageQueue, opts?: CallOptions): Promise<number>;
  getMinOffset(addr: string, mq: MessageQueue, opts?: CallOptions): Promise<number>;
  searchOffset(addr: string, mq: MessageQueue, timestamp: number, opts?: CallOptions): Promise<number>;
  heartbeat(addr: string, data: HeartbeatData, opts?: CallOptions): Promise<void>;
  unregisterClient(addr: string, clientId: string, group: { producerGroup?: string; consumerGroup?: string }): Promise<void>;
  getConsumerIdList(addr: string, group: string, opts?: CallOptions): Promise<string[]>;
  /** Returns the queues now locked by this client. */
  lockBatch(addr: string, group: string, clientId: string, mqs: MessageQueue[], opts?: CallOptions): Promise<MessageQueue[]>;
  unlockBatch(addr: string, group: string, clientId: string, mqs: MessageQueue[], oneway: boolean): Promise<void>;
  sendMessageBack(addr: string, req: SendBackRequest, opts?: CallOptions): Promise<void>;
  endTransaction(addr: string, req: EndTransactionRequest): Promise<void>;
  viewMessage(addr: string, physicalOffset: number, opts?: CallOptions): Promise<PulledMessage>;
  createTopic(addr: string, req: CreateTopicRequest, opts?: CallOptions): Promise<void>;
}

/** Requests a broker pushes to the client over the client's connection (shared/protocol §3.2). */
export interface CheckTransactionRequest {
  brokerAddr: string;
  tranStateTableOffset: number;
  commitLogOffset: number;
  msgId?: string;
  transactionId?: string;
  offsetMsgId?: string;
  message: PulledMessage;
}

export interface ResetOffsetRequest {
  topic: string;
  group: string;
  timestamp: number;
  isForce: boolean;
  offsets: { queue: MessageQueue; offset: number }[];
}

export interface ConsumeDirectlyResult {
  order: boolean;
  autoCommit: boolean;
  consumeResult: 'CR_SUCCESS' | 'CR_LATER' | 'CR_ROLLBACK' | 'CR_COMMIT' | 'CR_THROW_EXCEPTION' | 'CR_RETURN_NULL';
  remark?: string;
  spentTimeMills: number;
}

/** Running info as plain data; the adapter serializes it the way Java admin tools read it. */
export interface ConsumerRunningInfoData {
  properties: Record<string, string>;
  subscriptionSet: import('./heartbeat.js').SubscriptionData[];
  mqTable: { queue: MessageQueue; info: Record<string, number | boolean> }[];
  statusTable: Record<string, Record<string, number>>;
}

/** Core answers broker-pushed requests through these; the adapter routes by request code. */
export interface ClientRequestHandlers {
  checkTransactionState(req: CheckTransactionRequest): void;
  notifyConsumerIdsChanged(group: string): void;
  resetOffset(req: ResetOffsetRequest): void;
  /** `undefined` when the group is unknown to this client. */
  consumerRunningInfo(group: string): ConsumerRunningInfoData | undefined;
  consumeMessageDirectly(group: string, message: PulledMessage, brokerName?: string): Promise<ConsumeDirectlyResult>;
}

/** Broadcasting consumers keep offsets on the client's machine; the adapter provides the files. */
export interface LocalOffsetStorage {
  load(clientId: string, group: string): Promise<{ queue: MessageQueue; offset: number }[]>;
  save(clientId: string, group: string, offsets: { queue: MessageQueue; offset: number }[]): Promise<void>;
}

/** The adapter's whole surface: one per client instance; owns the connections. */
export interface RemotingPort extends NameServerPort, BrokerPort {
  /** A new client-unique message id (UNIQ_KEY, shared/protocol §7.2) for this process. */
  nextUniqueId(): string;
  /** Install the handlers for broker-pushed requests (one set per client instance). */
  setHandlers(handlers: ClientRequestHandlers): void;
  /** Release every connection and timer. */
  close(): Promise<void>;
}
