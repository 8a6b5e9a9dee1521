/** Shared pieces of the embedded server tests: a broker on a free loopback port, raw clients, request builders. */
import { createRequest, type NewRequest, type RemotingCommand, type SerializeType } from '../../../adapters/remoting/protocol/command.js';
import { RequestCode } from '../../../adapters/remoting/protocol/codes.js';
import { encodeHeartbeat, buildSubscriptionData } from '../../../adapters/remoting/protocol/body/heartbeat.js';
import { encodeSendMessageV2Request } from '../../../adapters/remoting/protocol/headers/send-message-v2.js';
import { encodePullMessageRequest } from '../../../adapters/remoting/protocol/headers/pull-message.js';
import { encodeProperties } from '../../../adapters/remoting/protocol/message/properties.js';
import { connect } from '../../../adapters/remoting/transport/connect.js';
import type { Connection } from '../../../adapters/remoting/transport/connection.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../../adapters/embedded/start.js';
import type { EmbeddedBrokerOptions } from '../../../adapters/embedded/options.js';
import type { EmbeddedLogger } from '../../../adapters/embedded/logger.js';

/** A logger that keeps what it is told, for assertions (and keeps test output quiet). */
export class MemoryLogger implements EmbeddedLogger {
  readonly lines: { level: 'info' | 'warn' | 'error'; message: string }[] = [];
  info(message: string): void {
    this.lines.push({ level: 'info', message });
  }
  warn(message: string): void {
    this.lines.push({ level: 'warn', message });
  }
  error(message: string): void {
    this.lines.push({ level: 'error', message });
  }
  of(level: 'info' | 'warn' | 'error'): string[] {
    return this.lines.filter((l) => l.level === level).map((l) => l.message);
  }
}

/** Something that owns resources a test must release. */
export interface Closable {
  close(): Promise<void> | void;
}

/** Collects what a test opens; `closeAll()` in `afterEach` releases it last-first. */
export class Resources {
  private readonly items: Closable[] = [];
  add<T extends Closable>(item: T): T {
    this.items.push(item);
    return item;
  }
  async closeAll(): Promise<void> {
    for (const item of this.items.splice(0).reverse()) await item.close();
  }
}

export async function startBroker(resources: Resources, options: EmbeddedBrokerOptions = {}): Promise<{ mq: EmbeddedBroker; logger: MemoryLogger }> {
  const logger = new MemoryLogger();
  const mq = resources.add(await startEmbeddedBroker({ logger, ...options }));
  return { mq, logger };
}

/** A raw remoting connection for protocol tests. */
export async function client(resources: Resources, address: string): Promise<RawClient> {
  return new RawClient(resources.add(await connect(address, { idleTimeoutMs: 0 })));
}

export class RawClient {
  constructor(readonly connection: Connection) {}

  call(req: NewRequest, timeoutMs = 5_000): Promise<RemotingCommand> {
    return this.connection.request(createRequest(req), { timeoutMs });
  }

  oneway(req: NewRequest): Promise<void> {
    return this.connection.oneway(createRequest({ ...req, oneway: true }));
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}

/** SEND_MESSAGE_V2 request for one message. */
export function sendV2(o: { topic: string; body?: string | Buffer; tags?: string; keys?: string; queueId?: number; group?: string; props?: Record<string, string>; serializeType?: SerializeType; sysFlag?: number }): NewRequest {
  const props: Record<string, string> = { ...(o.tags === undefined ? {} : { TAGS: o.tags }), ...(o.keys === undefined ? {} : { KEYS: o.keys }), ...o.props };
  return {
    code: RequestCode.SEND_MESSAGE_V2,
    extFields: encodeSendMessageV2Request({
      producerGroup: o.group ?? 'TestProducerGroup',
      topic: o.topic,
      defaultTopic: 'TBW102',
      defaultTopicQueueNums: 4,
      queueId: o.queueId ?? 0,
      sysFlag: o.sysFlag ?? 0,
      bornTimestamp: Date.now(),
      flag: 0,
      properties: encodeProperties(props),
      reconsumeTimes: 0,
      unitMode: false,
      batch: false,
    }),
    body: Buffer.isBuffer(o.body) ? o.body : Buffer.from(o.body ?? 'hello'),
    ...(o.serializeType === undefined ? {} : { serializeType: o.serializeType }),
  };
}

/** PULL_MESSAGE without SUSPEND (answered at once) from `queueOffset`. */
export function pullRequest(o: { group: string; topic: string; queueId?: number; queueOffset?: number; subscription?: string; suspend?: boolean; maxMsgNums?: number; subVersion?: number }): NewRequest {
  return {
    code: RequestCode.PULL_MESSAGE,
    extFields: encodePullMessageRequest({
      consumerGroup: o.group,
      topic: o.topic,
      queueId: o.queueId ?? 0,
      queueOffset: o.queueOffset ?? 0,
      maxMsgNums: o.maxMsgNums ?? 32,
      sysFlag: (o.suspend === true ? 2 : 0) | 4,
      commitOffset: 0,
      suspendTimeoutMillis: o.suspend === true ? 15_000 : 0,
      subscription: o.subscription ?? '*',
      subVersion: o.subVersion ?? 0,
      expressionType: 'TAG',
    }),
  };
}

/** HEART_BEAT of a push consumer of `group` on `topic` (expression `sub`), clustering. */
export function consumerHeartbeat(o: { clientId: string; group: string; topic: string; sub?: string; subVersion?: number }): NewRequest {
  const subVersion = o.subVersion ?? 1;
  return {
    code: RequestCode.HEART_BEAT,
    body: encodeHeartbeat({
      clientID: o.clientId,
      producerDataSet: [{ groupName: 'CLIENT_INNER_PRODUCER' }],
      consumerDataSet: [{
        groupName: o.group,
        consumeType: 'CONSUME_PASSIVELY',
        messageModel: 'CLUSTERING',
        consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
        subscriptionDataSet: [buildSubscriptionData(o.topic, o.sub ?? '*', subVersion)],
        unitMode: false,
      }],
    }),
  };
}
