/**
 * Typed request/response headers (`extFields`) of the RocketMQ remoting protocol: one module per
 * request, each declaring its fields once as data and encoding to the exact key order a Java
 * 4.9.8 peer writes.
 */
export * from './field-spec.js';
export { javaHashMapCapacity, javaHashMapOrder, javaHashMapPut, javaHashOrder, javaHashSpread } from './java-hashmap-order.js';
export { javaFieldInsertionOrder } from './java-field-order.js';
export type { RpcRequestFields } from './rpc-request-header.js';
export * from './pull-sys-flag.js';

export * from './get-route-info.js';
export * from './register-broker.js';
export * from './unregister-broker.js';
export * from './send-message.js';
export * from './send-message-v2.js';
export * from './send-batch-message.js';
export * from './send-message-response.js';
export * from './pull-message.js';
export * from './query-consumer-offset.js';
export * from './update-consumer-offset.js';
export * from './get-max-offset.js';
export * from './get-min-offset.js';
export * from './search-offset.js';
export * from './get-earliest-msg-storetime.js';
export * from './unregister-client.js';
export * from './get-consumer-list-by-group.js';
export * from './consumer-send-msg-back.js';
export * from './end-transaction.js';
export * from './check-transaction-state.js';
export * from './notify-consumer-ids-changed.js';
export * from './reset-offset.js';
export * from './get-consumer-status.js';
export * from './get-consumer-running-info.js';
export * from './consume-message-directly.js';
export * from './query-message.js';
export * from './view-message.js';
export * from './create-topic.js';
