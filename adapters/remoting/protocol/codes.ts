/**
 * Request and response codes as data (shared/protocol §3): one row per code, named constants and lookups
 * derived from the rows. Names are the Java `RequestCode` / `ResponseCode` constant names.
 */

/** Who receives a request: a broker or name server, or a client (broker → client over the client's connection). */
export type RequestDirection = 'to-server' | 'to-client';

export interface RequestCodeInfo<C extends number = number, N extends string = string> {
  readonly code: C;
  readonly name: N;
  readonly direction: RequestDirection;
}

export interface ResponseCodeInfo<C extends number = number, N extends string = string> {
  readonly code: C;
  readonly name: N;
  /** The Java producer tries another queue/broker on this code (§3.3), or the server asked to retry later. */
  readonly retriable: boolean;
  /** Other Java names of the same number (209–211 changed meaning in 5.x). */
  readonly aliases?: readonly string[];
}

const req = <C extends number, N extends string>(code: C, name: N, direction: RequestDirection = 'to-server') =>
  ({ code, name, direction }) as RequestCodeInfo<C, N>;
const toClient = <C extends number, N extends string>(code: C, name: N) => req(code, name, 'to-client');
const res = <C extends number, N extends string>(code: C, name: N, retriable = false) =>
  ({ code, name, retriable }) as ResponseCodeInfo<C, N>;
const renamed = <C extends number, N extends string, A extends string>(code: C, name: N, alias: A) =>
  ({ code, name, retriable: false, aliases: [alias] }) as ResponseCodeInfo<C, N> & { readonly aliases: readonly [A] };

/** Request codes: §3.1 (client → server, incl. broker ↔ name server), §3.2 (broker → client), admin codes seen in captures, §3.4 names. */
export const REQUEST_CODES = [
  req(10, 'SEND_MESSAGE'), req(11, 'PULL_MESSAGE'), req(12, 'QUERY_MESSAGE'), req(13, 'QUERY_BROKER_OFFSET'),
  req(14, 'QUERY_CONSUMER_OFFSET'), req(15, 'UPDATE_CONSUMER_OFFSET'), req(17, 'UPDATE_AND_CREATE_TOPIC'),
  req(18, 'UPDATE_AND_CREATE_TOPIC_LIST'), req(21, 'GET_ALL_TOPIC_CONFIG'), req(28, 'GET_BROKER_RUNTIME_INFO'),
  req(29, 'SEARCH_OFFSET_BY_TIMESTAMP'), req(30, 'GET_MAX_OFFSET'), req(31, 'GET_MIN_OFFSET'),
  req(32, 'GET_EARLIEST_MSG_STORETIME'), req(33, 'VIEW_MESSAGE_BY_ID'), req(34, 'HEART_BEAT'),
  req(35, 'UNREGISTER_CLIENT'), req(36, 'CONSUMER_SEND_MSG_BACK'), req(37, 'END_TRANSACTION'),
  req(38, 'GET_CONSUMER_LIST_BY_GROUP'), toClient(39, 'CHECK_TRANSACTION_STATE'),
  toClient(40, 'NOTIFY_CONSUMER_IDS_CHANGED'), req(41, 'LOCK_BATCH_MQ'), req(42, 'UNLOCK_BATCH_MQ'),
  req(43, 'GET_ALL_CONSUMER_OFFSET'), req(45, 'GET_ALL_DELAY_OFFSET'), req(47, 'GET_CLIENT_CONFIG'),
  req(50, 'UPDATE_AND_CREATE_ACL_CONFIG'), req(51, 'DELETE_ACL_CONFIG'), req(52, 'GET_BROKER_CLUSTER_ACL_INFO'),
  req(53, 'UPDATE_GLOBAL_WHITE_ADDRS_CONFIG'), req(54, 'GET_BROKER_CLUSTER_ACL_CONFIG'),
  req(100, 'PUT_KV_CONFIG'), req(101, 'GET_KV_CONFIG'), req(102, 'DELETE_KV_CONFIG'), req(103, 'REGISTER_BROKER'),
  req(104, 'UNREGISTER_BROKER'), req(105, 'GET_ROUTEINFO_BY_TOPIC'), req(106, 'GET_BROKER_CLUSTER_INFO'),
  req(200, 'UPDATE_AND_CREATE_SUBSCRIPTIONGROUP'), req(201, 'GET_ALL_SUBSCRIPTIONGROUP_CONFIG'),
  req(202, 'GET_TOPIC_STATS_INFO'), req(203, 'GET_CONSUMER_CONNECTION_LIST'), req(204, 'GET_PRODUCER_CONNECTION_LIST'),
  req(206, 'GET_ALL_TOPIC_LIST_FROM_NAMESERVER'), req(207, 'DELETE_SUBSCRIPTIONGROUP'), req(208, 'GET_CONSUME_STATS'),
  req(215, 'DELETE_TOPIC_IN_BROKER'), req(216, 'DELETE_TOPIC_IN_NAMESRV'), req(217, 'REGISTER_TOPIC_IN_NAMESRV'),
  toClient(220, 'RESET_CONSUMER_CLIENT_OFFSET'), toClient(221, 'GET_CONSUMER_STATUS_FROM_CLIENT'),
  req(222, 'INVOKE_BROKER_TO_RESET_OFFSET'), req(223, 'INVOKE_BROKER_TO_GET_CONSUMER_STATUS'),
  req(224, 'GET_TOPICS_BY_CLUSTER'), req(225, 'UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST'),
  req(300, 'QUERY_TOPIC_CONSUME_BY_WHO'), toClient(307, 'GET_CONSUMER_RUNNING_INFO'),
  toClient(309, 'CONSUME_MESSAGE_DIRECTLY'), req(310, 'SEND_MESSAGE_V2'), req(320, 'SEND_BATCH_MESSAGE'),
  req(322, 'QUERY_DATA_VERSION'), req(324, 'SEND_REPLY_MESSAGE'), req(325, 'SEND_REPLY_MESSAGE_V2'),
  toClient(326, 'PUSH_REPLY_MESSAGE_TO_CLIENT'), req(343, 'QUERY_TOPICS_BY_CONSUMER'),
  req(345, 'QUERY_SUBSCRIPTION_BY_CONSUMER'), req(351, 'GET_TOPIC_CONFIG'), req(352, 'GET_SUBSCRIPTIONGROUP_CONFIG'),
  req(361, 'LITE_PULL_MESSAGE'), req(370, 'RECALL_MESSAGE'), req(400, 'QUERY_ASSIGNMENT'),
  req(401, 'SET_MESSAGE_REQUEST_MODE'), req(402, 'GET_ALL_MESSAGE_REQUEST_MODE'),
  req(513, 'UPDATE_AND_CREATE_STATIC_TOPIC'), req(904, 'BROKER_HEARTBEAT'),
] as const;

/** Response codes (§3.3). Retriable: the Java producer's 17, 14, 1, 16, 204, 205, plus SYSTEM_BUSY (2). */
export const RESPONSE_CODES = [
  res(0, 'SUCCESS'), res(1, 'SYSTEM_ERROR', true), res(2, 'SYSTEM_BUSY', true), res(3, 'REQUEST_CODE_NOT_SUPPORTED'),
  res(4, 'TRANSACTION_FAILED'), res(10, 'FLUSH_DISK_TIMEOUT'), res(11, 'SLAVE_NOT_AVAILABLE'),
  res(12, 'FLUSH_SLAVE_TIMEOUT'), res(13, 'MESSAGE_ILLEGAL'), res(14, 'SERVICE_NOT_AVAILABLE', true),
  res(15, 'VERSION_NOT_SUPPORTED'), res(16, 'NO_PERMISSION', true), res(17, 'TOPIC_NOT_EXIST', true),
  res(18, 'TOPIC_EXIST_ALREADY'), res(19, 'PULL_NOT_FOUND'), res(20, 'PULL_RETRY_IMMEDIATELY'),
  res(21, 'PULL_OFFSET_MOVED'), res(22, 'QUERY_NOT_FOUND'), res(23, 'SUBSCRIPTION_PARSE_FAILED'),
  res(24, 'SUBSCRIPTION_NOT_EXIST'), res(25, 'SUBSCRIPTION_NOT_LATEST'), res(26, 'SUBSCRIPTION_GROUP_NOT_EXIST'),
  res(27, 'FILTER_DATA_NOT_EXIST'), res(28, 'FILTER_DATA_NOT_LATEST'), res(29, 'INVALID_PARAMETER'),
  res(200, 'TRANSACTION_SHOULD_COMMIT'), res(201, 'TRANSACTION_SHOULD_ROLLBACK'), res(202, 'TRANSACTION_STATE_UNKNOW'),
  res(203, 'TRANSACTION_STATE_GROUP_WRONG'), res(204, 'NO_BUYER_ID', true), res(205, 'NOT_IN_CURRENT_UNIT', true),
  res(206, 'CONSUMER_NOT_ONLINE'), res(207, 'CONSUME_MSG_TIMEOUT'), res(208, 'NO_MESSAGE'),
  renamed(209, 'UPDATE_AND_CREATE_ACL_CONFIG_FAILED', 'POLLING_FULL'),
  renamed(210, 'DELETE_ACL_CONFIG_FAILED', 'POLLING_TIMEOUT'),
  renamed(211, 'UPDATE_GLOBAL_WHITE_ADDRS_CONFIG_FAILED', 'BROKER_NOT_EXIST'),
  res(212, 'BROKER_DISPATCH_NOT_COMPLETE'), res(213, 'BROADCAST_CONSUMPTION'), res(215, 'FLOW_CONTROL'),
  res(501, 'NOT_LEADER_FOR_QUEUE'), res(604, 'ILLEGAL_OPERATION'), res(1500, 'GO_AWAY'),
  res(2000, 'CONTROLLER_FENCED_MASTER_EPOCH'), res(2001, 'CONTROLLER_FENCED_SYNC_STATE_SET_EPOCH'),
  res(2002, 'CONTROLLER_INVALID_MASTER'), res(2003, 'CONTROLLER_INVALID_REPLICAS'),
  res(2004, 'CONTROLLER_MASTER_NOT_AVAILABLE'), res(2005, 'CONTROLLER_INVALID_REQUEST'),
  res(2006, 'CONTROLLER_BROKER_NOT_ALIVE'), res(2007, 'CONTROLLER_NOT_LEADER'),
  res(2008, 'CONTROLLER_BROKER_METADATA_NOT_EXIST'), res(2009, 'CONTROLLER_INVALID_CLEAN_BROKER_METADATA'),
  res(2010, 'CONTROLLER_BROKER_NEED_TO_BE_REGISTERED'), res(2011, 'CONTROLLER_MASTER_STILL_EXIST'),
  res(2012, 'CONTROLLER_ELECT_MASTER_FAILED'), res(2013, 'CONTROLLER_ALTER_SYNC_STATE_SET_FAILED'),
  res(2014, 'CONTROLLER_BROKER_ID_INVALID'), res(2015, 'CONTROLLER_JRAFT_INTERNAL_ERROR'),
  res(2016, 'CONTROLLER_BROKER_LIVE_INFO_NOT_EXISTS'), res(3001, 'USER_NOT_EXIST'), res(3002, 'POLICY_NOT_EXIST'),
  // Client-side only (5.x), never on the wire; listed so that names resolve.
  res(-1000, 'RPC_UNKNOWN'), res(-1002, 'RPC_ADDR_IS_NULL'), res(-1004, 'RPC_SEND_TO_CHANNEL_FAILED'),
  res(-1006, 'RPC_TIME_OUT'),
] as const;

type RequestRow = (typeof REQUEST_CODES)[number];
type ResponseRow = (typeof RESPONSE_CODES)[number];
type AliasOf<R> = R extends { readonly aliases: readonly [infer A extends string] } ? A : never;

/** Request codes by Java name, e.g. `RequestCode.SEND_MESSAGE_V2` (310). */
export const RequestCode = Object.freeze(Object.fromEntries(REQUEST_CODES.map((r) => [r.name, r.code]))) as {
  readonly [R in RequestRow as R['name']]: R['code'];
};

/** Response codes by Java name, e.g. `ResponseCode.SUCCESS` (0); 209–211 also under their 5.x names. */
export const ResponseCode = Object.freeze(
  Object.fromEntries(RESPONSE_CODES.flatMap((r) => [[r.name, r.code], ...(r.aliases ?? []).map((a) => [a, r.code])])),
) as { readonly [R in ResponseRow as R['name']]: R['code'] } & {
  readonly [R in ResponseRow as AliasOf<R>]: R['code'];
};

const REQUESTS_BY_CODE: ReadonlyMap<number, RequestCodeInfo> = new Map(REQUEST_CODES.map((r) => [r.code, r]));
const RESPONSES_BY_CODE: ReadonlyMap<number, ResponseCodeInfo> = new Map(RESPONSE_CODES.map((r) => [r.code, r]));

/** The row for a request code, if known. */
export function requestCodeInfo(code: number): RequestCodeInfo | undefined {
  return REQUESTS_BY_CODE.get(code);
}

/** The row for a response code, if known. */
export function responseCodeInfo(code: number): ResponseCodeInfo | undefined {
  return RESPONSES_BY_CODE.get(code);
}

/** The Java name of a request code, or `'UNKNOWN(<code>)'`. */
export function requestCodeName(code: number): string {
  return REQUESTS_BY_CODE.get(code)?.name ?? `UNKNOWN(${code})`;
}

/** The Java name of a response code (the 4.9 name for 209–211), or `'UNKNOWN(<code>)'`. */
export function responseCodeName(code: number): string {
  return RESPONSES_BY_CODE.get(code)?.name ?? `UNKNOWN(${code})`;
}

/** Whether a failed send with this response code may be retried on another queue or broker. */
export function isRetriableResponse(code: number): boolean {
  return RESPONSES_BY_CODE.get(code)?.retriable ?? false;
}
