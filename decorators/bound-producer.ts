import { defer, firstValueFrom, type Observable } from 'rxjs';
import { Message, type MessageOptions } from '../core/message/message.js';
import type { ReceivedMessage } from '../core/message/received-message.js';
import type { Producer as CoreProducer, SendOptions } from '../core/producer/producer.js';
import type { TransactionStateLike } from '../core/producer/local-state.js';
import type { SendResult, TransactionSendResult } from '../core/producer/send-result.js';
import { AppError } from './errors.js';

/** Per-send options: the message options (tags, keys, properties, delay …), a topic, and call settings. */
export interface PublishOptions extends MessageOptions, SendOptions {
  /** Topic of this send (default: the producer's `topic` option). */
  topic?: string;
}

/** A producer class's local transaction and check, bound to its instance. */
export interface TransactionMethods {
  readonly local?: (message: Message, arg: unknown) => TransactionStateLike;
  readonly check?: (message: ReceivedMessage) => TransactionStateLike;
}

/** What the app hands a bound producer once it has started. */
export interface BoundProducerConnection {
  readonly core: CoreProducer;
  readonly transaction: TransactionMethods;
}

/**
 * The producer injected into a `@Producer` class (`@InjectProducer()`): sends payloads to the class's default topic
 * (or the topic of each send) with its options. Sends before the app has started, or after it has stopped, fail
 * with `AppError('producer-not-started')`. Every `…$` method is a cold Observable: nothing is sent until it is
 * subscribed.
 */
export class BoundProducer<T = unknown> {
  private connection: BoundProducerConnection | undefined;

  constructor(
    /** The class this producer belongs to. */
    readonly owner: string,
    /** The producer group. */
    readonly group: string,
    /** The topic of sends that name none. */
    readonly defaultTopic: string | undefined,
  ) {}

  /** Whether the app has started this producer (and not stopped it). */
  get ready(): boolean {
    return this.connection !== undefined;
  }

  /** The core producer (for what this facade does not cover). Throws before start. */
  get core(): CoreProducer {
    return this.connected().core;
  }

  /** Builds the message a send of `payload` would send. */
  message<P extends T>(payload: P, opts: PublishOptions = {}): Message<P> {
    const { topic, timeoutMs: _t, signal: _s, ...options } = opts;
    const target = topic ?? this.defaultTopic;
    if (target === undefined) {
      throw new AppError('missing-topic', `${this.owner}: the send names no topic and @Producer has no default topic`, { owner: this.owner });
    }
    return new Message(target, payload, options);
  }

  /** Sends one payload and resolves with the broker's result (retried on another broker as configured). */
  send(payload: T, opts?: PublishOptions): Promise<SendResult> {
    return firstValueFrom(this.send$(payload, opts));
  }

  send$(payload: T, opts: PublishOptions = {}): Observable<SendResult> {
    return defer(() => this.core.send$(this.message(payload, opts), callOptions(opts)));
  }

  /** Sends a prepared message as is. */
  sendMessage(message: Message, opts: SendOptions = {}): Promise<SendResult> {
    return firstValueFrom(defer(() => this.core.send$(message, opts)));
  }

  /** Sends keeping per-key order: messages with the same `shardingKey` go to one queue, in send order. */
  sendOrderly(payload: T, shardingKey: string, opts?: PublishOptions): Promise<SendResult> {
    return firstValueFrom(this.sendOrderly$(payload, shardingKey, opts));
  }

  sendOrderly$(payload: T, shardingKey: string, opts: PublishOptions = {}): Observable<SendResult> {
    // Object.assign, not `{ ...opts, shardingKey }` (a new hidden class per send on Node 20; see the README).
    return defer(() => this.core.sendOrderly$(this.message(payload, Object.assign({}, opts, { shardingKey })), shardingKey, undefined, callOptions(opts)));
  }

  /** Sends without waiting for the broker's answer. */
  sendOneway(payload: T, opts: PublishOptions = {}): Promise<void> {
    return Promise.resolve().then(() => this.core.sendOneway(this.message(payload, opts), callOptions(opts)));
  }

  /** Sends several payloads of one topic in one request. */
  sendBatch(payloads: readonly T[], opts: PublishOptions = {}): Promise<SendResult> {
    return firstValueFrom(defer(() => this.core.sendBatch$(payloads.map((p) => this.message(p, opts)), callOptions(opts))));
  }

  /**
   * A transactional send: the half message is stored, the class's `@LocalTransaction` method runs with
   * `(message, arg)`, and its answer commits or rolls the message back (`UNKNOWN` leaves it to the broker's check,
   * answered by the `@CheckTransaction` method).
   */
  sendInTransaction<A = unknown>(payload: T, arg?: A, opts?: PublishOptions): Promise<TransactionSendResult> {
    return firstValueFrom(this.sendInTransaction$(payload, arg, opts));
  }

  sendInTransaction$<A = unknown>(payload: T, arg?: A, opts: PublishOptions = {}): Observable<TransactionSendResult> {
    return defer(() => {
      const { core, transaction } = this.connected();
      const local = transaction.local;
      if (local === undefined) {
        throw new AppError('no-local-transaction', `${this.owner} has no @LocalTransaction() method; add one to send in a transaction`, { owner: this.owner });
      }
      return core.sendInTransaction$(this.message(payload, opts), (m, a) => local(m, a), arg, callOptions(opts));
    });
  }

  /** Called by the app when it has started (or stopped: `undefined`) this producer. */
  connect(connection: BoundProducerConnection | undefined): void {
    this.connection = connection;
  }

  private connected(): BoundProducerConnection {
    if (this.connection === undefined) {
      throw new AppError('producer-not-started', `${this.owner}: the producer of group ${this.group} is not running; start the app first (await app.start())`, {
        owner: this.owner,
        group: this.group,
      });
    }
    return this.connection;
  }
}

function callOptions(opts: PublishOptions): SendOptions {
  const out: { timeoutMs?: number; signal?: AbortSignal } = {};
  if (opts.timeoutMs !== undefined) out.timeoutMs = opts.timeoutMs;
  if (opts.signal !== undefined) out.signal = opts.signal;
  return out;
}
