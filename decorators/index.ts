/** rocketmq-rx decorators: declare (`@Consumer`, `@Producer` …) → discover (explorer) → wire (bootstrapper, app). */
export { Consumer, CONVENTIONAL_HANDLERS } from './consumer.decorator.js';
export { ConsumerGroup, OnBatch, OnMessage, OnStream } from './handler.decorator.js';
export { InjectProducer, Producer, producerTokenOf } from './producer.decorator.js';
export { CheckTransaction, LocalTransaction } from './transaction.decorators.js';
export {
  intercept,
  loggingInterceptor,
  timingInterceptor,
  UseInterceptors,
  validationInterceptor,
  type HandlerTiming,
  type PayloadCheck,
} from './interceptors.js';
export type {
  BatchHandlerContext,
  HandlerContext,
  HandlerDescriptor,
  HandlerInterceptor,
  MessageHandlerContext,
  StreamHandlerContext,
} from './interceptor-types.js';
export type { BatchListener, MessageListener, StreamListener } from './listeners.js';
export type {
  ConsumerDecoratorOptions,
  ConsumerGroupOptions,
  HandlerDecoratorOptions,
  HandlerForm,
  HandlerOptions,
  ProducerDecoratorOptions,
} from './options.js';
export { METADATA_KEYS } from './metadata-keys.js';
export type { ConsumerClassMetadata, Constructor, HandlerMethodMetadata, ProducerClassMetadata, TransactionMetadata } from './metadata.js';
export { explore, type ExploreOptions } from './explorer.js';
export { boundClasses, type BoundClass } from './container-bindings.js';
export type { Exploration, HandlerDefinition, ProducerDefinition } from './definitions.js';
export { mergeGroups, routeMessage, type GroupPlan, type TopicPlan } from './group-merger.js';
export { planProducers, producerGroupOf, type ProducerPlan } from './producer-plan.js';
export { BoundProducer, type PublishOptions } from './bound-producer.js';
export { createRocketMQModule } from './module.js';
export { resolveModuleOptions, type ExtraClientOptions, type ResolvedModuleOptions, type RocketMQModuleOptions } from './module-options.js';
export { ROCKETMQ_TOKENS, type BrokerStarter, type EmbeddedBrokerHandle, type RocketMQAdapters } from './tokens.js';
export { createRocketMQApp, type AppDescription, type AppReady, type AppState, type RocketMQApp } from './app.js';
export type { AppEvent } from './app-events.js';
export { installShutdownHooks, type ShutdownHookOptions, type SignalSource } from './shutdown-hooks.js';
export { consoleLogger, silentLogger, type LogLevel, type RocketMQLogger } from './logger.js';
export { AppError, DecoratorError, type AppErrorKind, type DecoratorErrorKind } from './errors.js';
export { ensureTopics, type TopicSetupResult } from './topic-setup.js';
