/**
 * Typed handles on the `ali-ons` package (a pure-JS RocketMQ client written by others, no type declarations) for
 * the interop tests: producer, push consumer, message, with quick timers and a stub `httpclient` (never used: the
 * name server address is given).
 */
import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ons = require('ali-ons') as { Producer: AliProducerClass; Consumer: AliConsumerClass; Message: AliMessageClass };

export interface AliMessage {
  topic: string;
  tags: string;
  keys: string[];
  body: Buffer;
  msgId: string;
  queueId: number;
  queueOffset: number;
  properties: Record<string, string>;
}

export interface AliSendResult {
  sendStatus: string;
  msgId: string;
  queueOffset: number;
  messageQueue: { topic: string; brokerName: string; queueId: number };
}

export interface AliProducer {
  ready(): Promise<void>;
  send(message: AliMessage): Promise<AliSendResult>;
  close(): Promise<void>;
}

export interface AliConsumer extends EventEmitter {
  ready(): Promise<void>;
  subscribe(topic: string, expression: string, handler: (message: AliMessage) => Promise<void>): void;
  close(): Promise<void>;
  readonly processQueueTable: Map<string, { messageQueue: { topic: string; queueId: number } }>;
}

type AliProducerClass = (new (options: Record<string, unknown>) => AliProducer) & { defaultProducer?: AliProducer | null };
type AliConsumerClass = new (options: Record<string, unknown>) => AliConsumer;
type AliMessageClass = new (topic: string, tags: string, body: string | Buffer) => AliMessage;

/** What ali-ons logs: kept for failure messages instead of printed. */
export class AliLog {
  readonly errors: unknown[][] = [];
  readonly logger = {
    info: () => undefined,
    debug: () => undefined,
    warn: () => undefined,
    error: (...args: unknown[]) => void this.errors.push(args),
  };
}

/** Never called: ali-ons only uses it to look the name server up over HTTP when `nameSrv` is not given. */
const httpclient = {
  request(): never {
    throw new Error('ali-ons asked for the name server over HTTP although nameSrv was given');
  },
};

/** Timers shortened so that rebalancing, heartbeats and offset commits happen within a test. */
const QUICK = { rebalanceInterval: 200, persistConsumerOffsetInterval: 200, heartbeatBrokerInterval: 1000, pollNameServerInteval: 1000 };

export function aliProducer(nameSrv: string, producerGroup: string, log: AliLog): AliProducer {
  return new ons.Producer({ nameSrv, producerGroup, httpclient, logger: log.logger, instanceName: `p-${producerGroup}`, ...QUICK });
}

export function aliConsumer(nameSrv: string, consumerGroup: string, instanceName: string, log: AliLog): AliConsumer {
  const consumer = new ons.Consumer({
    nameSrv, consumerGroup, instanceName, httpclient, logger: log.logger, consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', isBroadcast: false, ...QUICK,
  });
  consumer.on('error', (error: unknown) => log.errors.push([error]));
  return consumer;
}

export function aliMessage(topic: string, tags: string, body: string, keys?: string[]): AliMessage {
  const message = new ons.Message(topic, tags, body);
  if (keys !== undefined) message.keys = keys;
  return message;
}

/**
 * Closes the process-wide inner producer ali-ons creates for its first client (`CLIENT_INNER_PRODUCER`), whose
 * connections and loops would otherwise outlive the test file.
 */
export async function closeAliDefaultProducer(): Promise<void> {
  const inner = ons.Producer.defaultProducer;
  ons.Producer.defaultProducer = null;
  if (inner) await inner.close();
}

/** Resolves once `predicate` holds, checked now and after each `event` the emitter sends (no polling). */
export function when(emitter: EventEmitter, event: string, predicate: () => boolean): Promise<void> {
  if (predicate()) return Promise.resolve();
  return new Promise((resolve) => {
    const check = () => {
      if (!predicate()) return;
      emitter.off(event, check);
      resolve();
    };
    emitter.on(event, check);
  });
}

/** The queue ids of `topic` a consumer holds after its last rebalance. */
export function heldQueues(consumer: AliConsumer, topic: string): number[] {
  return [...consumer.processQueueTable.values()].filter((e) => e.messageQueue.topic === topic).map((e) => e.messageQueue.queueId).sort();
}
