import type { PayloadCodec } from '../core/codec/payload-codec.js';
import type { ProducerOptions, ResolvedClientOptions, ResolvedConsumerOptions } from '../core/options/option-types.js';
import type { HandlerInterceptor } from './interceptor-types.js';

type Writable<T> = { -readonly [K in keyof T]?: T[K] };

/**
 * The consumer options that every member of a group must agree on (they configure one group consumer): the
 * core push-consumer options without the client-wide ones (name servers, credentials, TLS, namespace … come from
 * `RocketMQModule`). `messageModel` is `CLUSTERING` (default) or `BROADCASTING`; `orderly: true` consumes each
 * queue in order under a broker lock; `codec` decodes bodies whose producer recorded no codec (default `raw`).
 */
export type ConsumerGroupOptions = Writable<Omit<ResolvedConsumerOptions, keyof ResolvedClientOptions | 'group' | 'fallbackCodec'>> & {
  /** The consumer group (required, here or from `@ConsumerGroup`). */
  group?: string;
  /** Codec name (or codec) for bodies without a recorded codec; default `raw` (the body Buffer). */
  codec?: string | PayloadCodec;
};

/** How a handler method takes its messages. */
export type HandlerForm = 'message' | 'stream' | 'batch';

/** Options that belong to one handler, not to its group. */
export interface HandlerOptions {
  /** Interceptors around this handler (after the module's and the class's). */
  interceptors?: readonly HandlerInterceptor[];
}

/**
 * Options of the class decorator `@Consumer(topic, tagExpression, options)`: the group options plus, optionally,
 * which method handles the messages (`handler`, default: the class's `onMessage`, `onStream` or `onBatch`) and in
 * which form (`form`, default `message`, or inferred from the conventional name).
 */
export type ConsumerDecoratorOptions = ConsumerGroupOptions &
  HandlerOptions & {
    handler?: string;
    form?: HandlerForm;
  };

/** Options of the method decorators `@OnMessage`, `@OnStream`, `@OnBatch`: group options (over `@ConsumerGroup`'s) and interceptors. */
export type HandlerDecoratorOptions = ConsumerGroupOptions & HandlerOptions;

/**
 * Options of `@Producer(options)`: the core producer options without the client-wide ones, plus a default `topic`
 * for sends that name none, and `codec` as a name or a codec object (registered with the app's codecs).
 */
export type ProducerDecoratorOptions = Omit<ProducerOptions, keyof ResolvedClientOptions | 'codec'> & {
  /** Topic of sends that name none. */
  topic?: string;
  /** Codec for payloads that are neither bytes nor strings (default `msgpack`). */
  codec?: string | PayloadCodec;
};

/** Names of the options in {@link ConsumerGroupOptions} that are handler-level (never compared across a group). */
export const HANDLER_OPTION_KEYS: readonly string[] = Object.freeze(['handler', 'form', 'interceptors']);
