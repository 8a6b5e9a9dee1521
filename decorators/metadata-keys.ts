/**
 * The namespaced reflect-metadata keys under which the decorators record what they were given. Decorators only
 * write these; the explorer reads them. Keys are global strings (`Symbol.for` would not survive a structured copy
 * and strings keep them readable in a debugger), prefixed so they never collide with inversify's or the user's.
 */
export const METADATA_KEYS = Object.freeze({
  /** {@link ConsumerClassMetadata} of a class decorated with `@Consumer`. */
  consumer: 'rocketmq-rx:consumer',
  /** Group options shared by the method handlers of a class (`@ConsumerGroup`). */
  consumerGroup: 'rocketmq-rx:consumer-group',
  /** {@link HandlerMethodMetadata}[] of the methods decorated with `@OnMessage` / `@OnStream` / `@OnBatch`. */
  handlers: 'rocketmq-rx:handlers',
  /** {@link ProducerClassMetadata} of a class decorated with `@Producer`. */
  producer: 'rocketmq-rx:producer',
  /** The injection token of a class's bound producer (written by `@InjectProducer`, read by the app). */
  producerToken: 'rocketmq-rx:producer-token',
  /** The method names of `@LocalTransaction` and `@CheckTransaction`. */
  transaction: 'rocketmq-rx:transaction',
  /** Interceptors of a class (`@UseInterceptors` on the class) or of one method (on the method). */
  interceptors: 'rocketmq-rx:interceptors',
});

/** One of the {@link METADATA_KEYS}. */
export type MetadataKey = (typeof METADATA_KEYS)[keyof typeof METADATA_KEYS];
