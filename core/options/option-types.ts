import type { ConsumeFromWhere, MessageModel } from '../ports/heartbeat.js';
import type { AllocateStrategy } from '../strategies/allocate/allocate-strategy.js';

/** Header serialization of remoting frames (§2.6). */
export type SerializationType = 'JSON' | 'ROCKETMQ';
/** `LanguageCode` values a 4.9.x broker knows. */
export type LanguageCode =
  | 'JAVA' | 'CPP' | 'DOTNET' | 'PYTHON' | 'DELPHI' | 'ERLANG' | 'RUBY' | 'OTHER' | 'HTTP' | 'GO' | 'PHP' | 'OMS' | 'RUST';

/** ACL 1.0 credentials (§8.13). */
export interface Credentials {
  readonly accessKey: string;
  readonly secretKey: string;
  readonly securityToken?: string;
}

/** Settings shared by producers and consumers (Java `ClientConfig`). */
export interface ResolvedClientOptions {
  /** Name server addresses, `host:port;host:port`. Undefined: the caller supplies a route source. */
  readonly nameServer: string | undefined;
  /** Part of the client id; Java replaces `DEFAULT` with `<pid>#<nanoTime>` at start. */
  readonly instanceName: string;
  /** Optional namespace: resources become `<namespace>%<name>`. */
  readonly namespace: string | undefined;
  /** Client IP for the client id; undefined: the first non-loopback address. */
  readonly clientIp: string | undefined;
  readonly unitName: string | undefined;
  readonly routeRefreshIntervalMs: number;
  readonly heartbeatIntervalMs: number;
  /** Timeout of admin-ish RPCs (Java `mqClientApiTimeout`). */
  readonly requestTimeoutMs: number;
  /** Send to the broker's VIP port (listen port − 2). */
  readonly vipChannel: boolean;
  readonly tls: boolean;
  readonly language: LanguageCode;
  /** `version` sent in request headers (401 = V4_9_4, see §2.3). */
  readonly version: number;
  readonly serialization: SerializationType;
  readonly credentials: Credentials | undefined;
}

/** Producer settings (Java `DefaultMQProducer`) plus the client's. */
export interface ResolvedProducerOptions extends ResolvedClientOptions {
  readonly group: string;
  readonly sendTimeoutMs: number;
  /** Extra attempts of a failed sync send (3 attempts in total by default). */
  readonly retryTimesWhenSendFailed: number;
  readonly retryTimesWhenSendAsyncFailed: number;
  /** Retry the next attempt on a broker other than the one that just failed. */
  readonly retryAnotherBroker: boolean;
  /** Also retry when the broker stored the message but answered a non-OK store status (Java default false). */
  readonly retryAnotherBrokerWhenNotStoreOk: boolean;
  /** Bodies of at least this many bytes are zlib-compressed. */
  readonly compressBodyOverBytes: number;
  readonly compressLevel: number;
  readonly maxMessageSize: number;
  /** Template topic for auto-creation. */
  readonly createTopicKey: string;
  readonly defaultTopicQueueNums: number;
  /** Latency-based broker fault avoidance (Java `sendLatencyFaultEnable`). */
  readonly sendLatencyFaultEnable: boolean;
  /** rocketmq-rx: most sends in flight at once (back-pressure). */
  readonly maxInflightSends: number;
  /** rocketmq-rx: most body bytes in flight at once (back-pressure). */
  readonly maxInflightBytes: number;
  /** Codec for payloads that are neither bytes nor strings. */
  readonly codec: string;
  /**
   * Gather concurrent plain sends (`send` / `send$`) of one topic into one SEND_BATCH_MESSAGE, each caller still
   * getting its own result (Java 5.x `autoBatch`, default false). Delayed, `%RETRY%`, orderly, transactional and
   * sharding-keyed messages, oneway sends and `sendBatch` are never gathered.
   */
  readonly autoBatch: boolean;
  /** With `autoBatch`: a pending batch goes out this long after its first message (Java default 10 ms; 1 ms – 30 s). */
  readonly batchMaxDelayMs: number;
  /** With `autoBatch`: a pending batch goes out once its bodies hold more than this (Java default 32 KiB; at most 2 MiB). */
  readonly batchMaxBytes: number;
  /**
   * With `autoBatch`: most body bytes held in pending and in-flight auto batches of the producer (Java default
   * 32 MiB); while at or over it, a send goes out on its own (as Java's `canBatch` does).
   */
  readonly totalBatchMaxBytes: number;
}

/** Push consumer settings (Java `DefaultMQPushConsumer`) plus the client's. */
export interface ResolvedConsumerOptions extends ResolvedClientOptions {
  readonly group: string;
  readonly messageModel: MessageModel;
  readonly consumeFromWhere: ConsumeFromWhere;
  /** Start time (ms) for CONSUME_FROM_TIMESTAMP; default 30 minutes before the options were resolved. */
  readonly consumeTimestamp: number;
  readonly allocateStrategy: AllocateStrategy;
  /** Consume one queue at a time, in order, under a broker lock. */
  readonly orderly: boolean;
  readonly pullBatchSize: number;
  readonly consumeBatchSize: number;
  readonly pullThresholdForQueue: number;
  readonly pullThresholdBytesForQueue: number;
  readonly consumeConcurrentlyMaxSpan: number;
  readonly pullIntervalMs: number;
  /** How long the broker holds a long-polled pull. */
  readonly brokerSuspendMaxTimeMs: number;
  readonly pullTimeoutMs: number;
  /** Messages handled at once (Java consume threads). */
  readonly consumeConcurrency: number;
  readonly consumeTimeoutMs: number;
  readonly maxReconsumeTimes: number;
  /** Delay level for send-back; 0 lets the broker use 3 + reconsumeTimes. */
  readonly delayLevelWhenNextConsume: number;
  readonly suspendCurrentQueueTimeMs: number;
  readonly sendBackFailedRetryDelayMs: number;
  readonly rebalanceIntervalMs: number;
  readonly lockRenewIntervalMs: number;
  readonly lockExpiryMs: number;
  readonly maxTimeConsumeContinuouslyMs: number;
  readonly persistOffsetIntervalMs: number;
  readonly pullDelayOnErrorMs: number;
  readonly pullDelayOnFlowControlMs: number;
  readonly pullDelayOnBrokerFlowControlMs: number;
  readonly pullDelayOnSuspendMs: number;
  readonly pullMaxIdleTimeMs: number;
  /** rocketmq-rx: how long stop() waits for in-flight handlers before giving up. */
  readonly shutdownDrainTimeoutMs: number;
  /** Codec (registered name) for messages whose producer recorded none. */
  readonly fallbackCodec: string;
}

type Partialize<T> = { -readonly [K in keyof T]?: T[K] };

/** What a user passes for a client: every field optional. */
export type ClientOptions = Partialize<ResolvedClientOptions>;
/** What a user passes for a producer: every field optional. */
export type ProducerOptions = Partialize<ResolvedProducerOptions>;
/** What a user passes for a consumer: `group` is required, the rest optional. */
export type ConsumerOptions = Partialize<ResolvedConsumerOptions> & { group: string };
