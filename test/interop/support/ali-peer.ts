/**
 * The independent client for interop tests: typed handles on `ali-ons` (CommonJS, no type declarations) and an owner
 * that builds its producers and push consumers on one name server and closes every one of them, including the
 * process-wide inner producer ali-ons creates for its consumers.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { Inbox } from './inbox.js';

const require = createRequire(import.meta.url);

/** A message as ali-ons builds it for a send (`new Message(topic, tags, body)`); `keys` is set as a list. */
export interface AliOutgoing {
  readonly topic: string;
  body: Buffer;
  keys: string[] | string;
  properties: Record<string, string>;
  delayTimeLevel: number;
}

/** A message as an ali-ons consumer hands it over (fields from its own record decoder). */
export interface AliReceived {
  readonly topic: string;
  readonly tags: string | null;
  /** `KEYS`, space-separated, as stored. */
  readonly keys: string | undefined;
  readonly body: Buffer | undefined;
  /** Every property, system and user (`TAGS` is `null` when absent). */
  readonly properties: Readonly<Record<string, string | null>>;
  /** ali-ons's id: the offset message id (store host + commit-log offset). */
  readonly msgId: string;
  readonly queueId: number;
  readonly queueOffset: number;
  readonly sysFlag: number;
  readonly reconsumeTimes: number;
}

export interface AliSendResult {
  readonly sendStatus: string;
  /** The UNIQ_KEY ali-ons put on the message. */
  readonly msgId: string;
  readonly messageQueue: { readonly topic: string; readonly brokerName: string; readonly queueId: number };
}

export interface AliProducer {
  ready(): Promise<void>;
  send(message: AliOutgoing): Promise<AliSendResult>;
  close(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): void;
}

export interface AliConsumer {
  ready(): Promise<void>;
  /** The handler must be an `async function` (ali-ons checks). */
  subscribe(topic: string, expression: string, handler: (message: AliReceived) => Promise<void>): void;
  close(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): void;
}

interface AliProducerClass {
  new (options: Record<string, unknown>): AliProducer;
  /** The inner producer every ali-ons consumer and producer shares (created on first use, never closed by them). */
  defaultProducer: AliProducer | null | undefined;
}

interface AliOnsModule {
  Message: new (topic: string, tags: string | null, body: Buffer | string) => AliOutgoing;
  Producer: AliProducerClass;
  Consumer: new (options: Record<string, unknown>) => AliConsumer;
}

const aliOns = require('ali-ons') as AliOnsModule;

/** ali-ons's Message constructor. */
export const AliMessage = aliOns.Message;

/** With `nameSrv` set ali-ons never fetches name-server lists over HTTP, but it insists on having a client. */
const NO_HTTP = {
  request: (url: string): Promise<never> => Promise.reject(new Error(`interop: ali-ons was not expected to fetch ${url}`)),
};

/** Timer periods short enough that ali-ons's sleep loops end soon after `close()`. */
const SHORT_INTERVALS = {
  pollNameServerInteval: 1_000,
  heartbeatBrokerInterval: 1_000,
  persistConsumerOffsetInterval: 500,
  rebalanceInterval: 1_000,
};

/**
 * What ali-ons logs in normal operation: a warning at every route refresh of a topic it publishes to, and, when a
 * consumer joins a client instance that is already running, failed look-ups of its `%RETRY%<group>` topic until its
 * first heartbeat makes the broker create that topic (ali-ons looks the route up before it sends the heartbeat).
 */
const ROUTINE = [/updateTopicPublishInfo\(\) prev is not null/, /not exist\b.*%RETRY%/, /No topic route info in name server for the topic: %RETRY%/];

/**
 * Builds ali-ons clients against one name server and owns them. Every peer has its own instance name, so its clients
 * share one ali-ons client instance that no other peer uses. ali-ons's inner producer is process-wide and joins the
 * instance of the first client started, so use one peer at a time (each test its own, closed at its end). Warnings and
 * errors ali-ons reports are kept in `log`.
 */
export class AliPeer {
  /** What ali-ons logged at warn/error level and the errors its clients emitted. */
  readonly log: string[] = [];
  private readonly instanceName = `rx-interop-${randomUUID().slice(0, 8)}`;
  private readonly consumers: AliConsumer[] = [];
  private readonly producers: AliProducer[] = [];
  /** ali-ons's inner producer once its errors are recorded here (else sdk-base prints them on stderr). */
  private inner: AliProducer | undefined;
  private readonly logger = {
    info: () => undefined,
    debug: () => undefined,
    warn: (...args: unknown[]) => this.record('warn', args),
    error: (...args: unknown[]) => this.record('error', args),
  };

  constructor(private readonly nameServer: string) {}

  /** What ali-ons logged or emitted beyond its routine chatter (see `ROUTINE`): empty when all went well. */
  complaints(): string[] {
    return this.log.filter((line) => !ROUTINE.some((pattern) => pattern.test(line)));
  }

  /** A started producer of `group`. */
  async producer(group: string): Promise<AliProducer> {
    const producer = new aliOns.Producer({ ...this.common(), producerGroup: group, sendMsgTimeout: 3_000 });
    this.producers.push(producer);
    producer.on('error', (error) => this.record('emitted', [error]));
    await producer.ready();
    this.adoptInner();
    return producer;
  }

  /** A push consumer of `group` reading a new group from the first offset; subscribe, then await `ready()`. */
  private consumer(group: string, options: Record<string, unknown> = {}): AliConsumer {
    const consumer = new aliOns.Consumer({ ...this.common(), consumerGroup: group, consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', ...options });
    this.consumers.push(consumer);
    consumer.on('error', (error) => this.record('emitted', [error]));
    return consumer;
  }

  /**
   * A consumer of `group` subscribed to `topic` with `expression` (`*`, `a || b`) that records every message it is
   * handed (and succeeds); resolves once it is started.
   */
  async consume(group: string, topic: string, expression = '*', options: Record<string, unknown> = {}): Promise<{ consumer: AliConsumer; inbox: Inbox<AliReceived> }> {
    const inbox = new Inbox<AliReceived>();
    const consumer = this.consumer(group, options);
    consumer.subscribe(topic, expression, async (message) => {
      inbox.push(message);
    });
    await consumer.ready();
    this.adoptInner();
    return { consumer, inbox };
  }

  /** Closes every consumer, then every producer, then ali-ons's inner producer (so its client instance closes too). */
  async close(): Promise<void> {
    for (const consumer of this.consumers.splice(0)) await consumer.close();
    for (const producer of this.producers.splice(0)) await producer.close();
    const inner = aliOns.Producer.defaultProducer;
    if (inner) {
      aliOns.Producer.defaultProducer = null;
      await inner.close();
    }
  }

  /** Records the errors of ali-ons's inner producer (created by the first client started, for consumers' send-backs). */
  private adoptInner(): void {
    const inner = aliOns.Producer.defaultProducer;
    if (!inner || inner === this.inner) return;
    this.inner = inner;
    inner.on('error', (error) => this.record('emitted', [error]));
  }

  private common(): Record<string, unknown> {
    return { nameSrv: this.nameServer, httpclient: NO_HTTP, instanceName: this.instanceName, logger: this.logger, ...SHORT_INTERVALS };
  }

  private record(level: string, args: unknown[]): void {
    this.log.push(`${level}: ${args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ')}`);
  }
}

/** ali-ons's keys of a received message, as a list. */
export function aliKeys(message: AliReceived): string[] {
  return (message.keys ?? '').split(' ').filter((k) => k.length > 0);
}
