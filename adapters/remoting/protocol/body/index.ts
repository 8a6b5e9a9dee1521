/** JSON bodies (shared/protocol §5): fastjson reading and writing, and one module per body type. */
export * from './fastjson.js';
export * from './fastjson-writer.js';
export * from './java-hash-order.js';
export * from './message-queue-json.js';
export * from './route.js';
export * from './cluster-info.js';
export * from './heartbeat.js';
export * from './lock.js';
export * from './consumer-list.js';
export * from './reset-offset.js';
export * from './consumer-running-info.js';
export * from './consume-directly-result.js';
export * from './topic-config.js';
export * from './register-broker.js';
