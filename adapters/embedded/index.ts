/** The embedded RocketMQ name server + broker: `startEmbeddedBroker`, its options, and the engine for tools. */
export { startEmbeddedBroker, type EmbeddedBroker } from './start.js';
export type { EmbeddedBrokerInstance } from './broker-instance.js';
export type { GroupOffsetReset } from './reset-offset.js';
export type { EmbeddedBrokerOptions, EngineOptions } from './options.js';
export { EmbeddedBrokerError, type EmbeddedErrorKind } from './errors.js';
export { consoleLogger, stderrLogger, type EmbeddedLogger } from './logger.js';
