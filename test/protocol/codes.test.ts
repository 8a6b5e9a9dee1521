import { describe, expect, it } from 'vitest';
import {
  isRetriableResponse,
  REQUEST_CODES,
  RequestCode,
  requestCodeInfo,
  requestCodeName,
  RESPONSE_CODES,
  ResponseCode,
  responseCodeName,
} from '../../adapters/remoting/protocol/index.js';
import { scenarios } from './fixtures.js';

describe('code tables', () => {
  it('have unique codes and names', () => {
    for (const table of [REQUEST_CODES, RESPONSE_CODES]) {
      const rows = table as readonly { code: number; name: string }[];
      expect(new Set(rows.map((r) => r.code)).size).toBe(rows.length);
      expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
    }
  });

  it('name every code the captures use, as their index does', () => {
    for (const s of scenarios()) {
      for (const f of s.frames as unknown as { kind: string; code: number; code_name: string }[]) {
        const name = f.kind === 'response' ? responseCodeName(f.code) : requestCodeName(f.code);
        expect(name, `${s.name} ${f.code}`).toBe(f.code_name);
      }
    }
  });

  it('cover §3.1–3.3 with their numbers', () => {
    expect(RequestCode).toMatchObject({
      SEND_MESSAGE: 10, PULL_MESSAGE: 11, QUERY_MESSAGE: 12, QUERY_BROKER_OFFSET: 13, QUERY_CONSUMER_OFFSET: 14,
      UPDATE_CONSUMER_OFFSET: 15, UPDATE_AND_CREATE_TOPIC: 17, UPDATE_AND_CREATE_TOPIC_LIST: 18,
      SEARCH_OFFSET_BY_TIMESTAMP: 29, GET_MAX_OFFSET: 30, GET_MIN_OFFSET: 31, GET_EARLIEST_MSG_STORETIME: 32,
      VIEW_MESSAGE_BY_ID: 33, HEART_BEAT: 34, UNREGISTER_CLIENT: 35, CONSUMER_SEND_MSG_BACK: 36, END_TRANSACTION: 37,
      GET_CONSUMER_LIST_BY_GROUP: 38, LOCK_BATCH_MQ: 41, UNLOCK_BATCH_MQ: 42, GET_ROUTEINFO_BY_TOPIC: 105,
      GET_BROKER_CLUSTER_INFO: 106, SEND_MESSAGE_V2: 310, SEND_BATCH_MESSAGE: 320, SEND_REPLY_MESSAGE: 324,
      SEND_REPLY_MESSAGE_V2: 325, LITE_PULL_MESSAGE: 361, GET_ALL_TOPIC_LIST_FROM_NAMESERVER: 206,
      REGISTER_BROKER: 103, UNREGISTER_BROKER: 104, PUT_KV_CONFIG: 100, GET_KV_CONFIG: 101, DELETE_KV_CONFIG: 102,
      QUERY_DATA_VERSION: 322, BROKER_HEARTBEAT: 904, CHECK_TRANSACTION_STATE: 39, NOTIFY_CONSUMER_IDS_CHANGED: 40,
      RESET_CONSUMER_CLIENT_OFFSET: 220, GET_CONSUMER_STATUS_FROM_CLIENT: 221, GET_CONSUMER_RUNNING_INFO: 307,
      CONSUME_MESSAGE_DIRECTLY: 309, PUSH_REPLY_MESSAGE_TO_CLIENT: 326,
    });
    expect(ResponseCode).toMatchObject({
      SUCCESS: 0, SYSTEM_ERROR: 1, SYSTEM_BUSY: 2, REQUEST_CODE_NOT_SUPPORTED: 3, TRANSACTION_FAILED: 4,
      FLUSH_DISK_TIMEOUT: 10, SLAVE_NOT_AVAILABLE: 11, FLUSH_SLAVE_TIMEOUT: 12, MESSAGE_ILLEGAL: 13,
      SERVICE_NOT_AVAILABLE: 14, VERSION_NOT_SUPPORTED: 15, NO_PERMISSION: 16, TOPIC_NOT_EXIST: 17,
      TOPIC_EXIST_ALREADY: 18, PULL_NOT_FOUND: 19, PULL_RETRY_IMMEDIATELY: 20, PULL_OFFSET_MOVED: 21,
      QUERY_NOT_FOUND: 22, SUBSCRIPTION_PARSE_FAILED: 23, SUBSCRIPTION_NOT_EXIST: 24, SUBSCRIPTION_NOT_LATEST: 25,
      SUBSCRIPTION_GROUP_NOT_EXIST: 26, FILTER_DATA_NOT_EXIST: 27, FILTER_DATA_NOT_LATEST: 28, INVALID_PARAMETER: 29,
      TRANSACTION_SHOULD_COMMIT: 200, TRANSACTION_SHOULD_ROLLBACK: 201, TRANSACTION_STATE_UNKNOW: 202,
      TRANSACTION_STATE_GROUP_WRONG: 203, NO_BUYER_ID: 204, NOT_IN_CURRENT_UNIT: 205, CONSUMER_NOT_ONLINE: 206,
      CONSUME_MSG_TIMEOUT: 207, NO_MESSAGE: 208, UPDATE_AND_CREATE_ACL_CONFIG_FAILED: 209, POLLING_FULL: 209,
      DELETE_ACL_CONFIG_FAILED: 210, POLLING_TIMEOUT: 210, UPDATE_GLOBAL_WHITE_ADDRS_CONFIG_FAILED: 211,
      BROKER_NOT_EXIST: 211, BROKER_DISPATCH_NOT_COMPLETE: 212, BROADCAST_CONSUMPTION: 213, FLOW_CONTROL: 215,
      NOT_LEADER_FOR_QUEUE: 501, ILLEGAL_OPERATION: 604, GO_AWAY: 1500, CONTROLLER_FENCED_MASTER_EPOCH: 2000,
      CONTROLLER_BROKER_LIVE_INFO_NOT_EXISTS: 2016, USER_NOT_EXIST: 3001, POLICY_NOT_EXIST: 3002, RPC_UNKNOWN: -1000,
      RPC_ADDR_IS_NULL: -1002, RPC_SEND_TO_CHANNEL_FAILED: -1004, RPC_TIME_OUT: -1006,
    });
    for (let c = 2000; c <= 2016; c++) expect(responseCodeName(c)).toMatch(/^CONTROLLER_/);
  });

  it('mark broker → client requests', () => {
    const toClient = REQUEST_CODES.filter((r) => r.direction === 'to-client').map((r) => r.code).sort((a, b) => a - b);
    expect(toClient).toEqual([39, 40, 220, 221, 307, 309, 326]);
    expect(requestCodeInfo(RequestCode.SEND_MESSAGE_V2)?.direction).toBe('to-server');
  });

  it('retriable: exactly the Java producer codes plus SYSTEM_BUSY', () => {
    const retriable = RESPONSE_CODES.filter((r) => r.retriable).map((r) => r.code).sort((a, b) => a - b);
    expect(retriable).toEqual([1, 2, 14, 16, 17, 204, 205]);
    expect(isRetriableResponse(ResponseCode.TOPIC_NOT_EXIST)).toBe(true);
    expect(isRetriableResponse(ResponseCode.MESSAGE_ILLEGAL)).toBe(false);
    expect(isRetriableResponse(12345)).toBe(false);
  });

  it('name unknown codes UNKNOWN(n)', () => {
    expect(requestCodeName(99999)).toBe('UNKNOWN(99999)');
    expect(responseCodeName(-7)).toBe('UNKNOWN(-7)');
    expect(Object.isFrozen(RequestCode) && Object.isFrozen(ResponseCode)).toBe(true);
  });
});
