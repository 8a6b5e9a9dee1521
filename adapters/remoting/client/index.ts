/** The native remoting client: core's ports over TCP/TLS (shared/protocol §3–§5, §7.2, §8.12, §8.13). */
export { createRemotingClient, type RemotingClient } from './remoting-client.js';
export {
  DEFAULT_REQUEST_TIMEOUT_MS,
  resolveRemotingClientOptions,
  type RemotingClientOptions,
  type RemotingTransportOptions,
  type ResolvedRemotingClientOptions,
} from './options.js';
export { RemotingClientError, type RemotingClientErrorKind } from './errors.js';
export { expectCode, toError, type ResponseContext } from './response-errors.js';
export { createAclHook, type RequestHook } from './acl-hook.js';
export { NameServerClient } from './name-server-client.js';
export { BrokerClient } from './broker-client.js';
export { Rpc, type RpcOptions } from './rpc.js';
export { PULL_TIMEOUT_MARGIN_MS, pullCommand, pullResult, pullTimeoutMs } from './pull.js';
export { sendCommand, sendResult } from './send.js';
export { installPushHandlers, PUSH_HANDLERS } from './push-handlers.js';
export {
  createProcessUniqueIdGenerator,
  detectClientIp,
  hostAddresses,
  uniqueIdAddress,
  type InterfaceAddress,
  type ProcessUniqueIdOptions,
} from './unique-id.js';
export {
  createLocalOffsetStorage,
  decodeOffsetFile,
  defaultLocalOffsetDir,
  encodeOffsetFile,
  localOffsetFile,
} from './local-offset-storage.js';
