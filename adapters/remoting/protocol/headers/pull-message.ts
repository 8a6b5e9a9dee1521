import { defineHeader, type HeaderExtras } from './field-spec.js';
import { headerClass } from './java-classes.js';
import { BNAME_FIELD, type RpcRequestFields } from './rpc-request-header.js';

/** PULL_MESSAGE (11) request header. */
export interface PullMessageRequestHeader extends RpcRequestFields, HeaderExtras {
  consumerGroup: string;
  topic: string;
  queueId: number;
  /** First logical offset wanted. */
  queueOffset: number;
  /** Batch size (Java default 32). */
  maxMsgNums: number;
  /** See `PULL_SYS_FLAG` / `buildPullSysFlag`. */
  sysFlag: number;
  /** Consumer's committed offset for this queue (0 if none). */
  commitOffset: number;
  /** How long the broker may hold the request (Java push consumer 15000). */
  suspendTimeoutMillis: number;
  /** Subscription expression, with the SUBSCRIPTION bit. */
  subscription?: string;
  subVersion: number;
  /** `TAG` or `SQL92`. */
  expressionType?: string;
}

/** Codec of {@link PullMessageRequestHeader} (a `FastCodesHeader`; binary frames put `bname` last). */
export const pullMessageRequestCodec = defineHeader<PullMessageRequestHeader>({
  name: 'PullMessageRequestHeader',
  javaClass: headerClass('PullMessageRequestHeader'),
  fastCodes: true,
  fields: [
    { field: 'consumerGroup', key: 'consumerGroup', type: 'string', required: true },
    { field: 'topic', key: 'topic', type: 'string', required: true },
    { field: 'queueId', key: 'queueId', type: 'int', required: true },
    { field: 'queueOffset', key: 'queueOffset', type: 'long', required: true },
    { field: 'maxMsgNums', key: 'maxMsgNums', type: 'int', required: true },
    { field: 'sysFlag', key: 'sysFlag', type: 'int', required: true },
    { field: 'commitOffset', key: 'commitOffset', type: 'long', required: true },
    { field: 'suspendTimeoutMillis', key: 'suspendTimeoutMillis', type: 'long', required: true },
    { field: 'subscription', key: 'subscription', type: 'string', required: false },
    { field: 'subVersion', key: 'subVersion', type: 'long', required: true },
    { field: 'expressionType', key: 'expressionType', type: 'string', required: false },
    BNAME_FIELD,
  ],
});

/** {@link pullMessageRequestCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodePullMessageRequest = pullMessageRequestCodec.encode;
/** {@link pullMessageRequestCodec}`.decode`: `extFields` → typed header (validated). */
export const decodePullMessageRequest = pullMessageRequestCodec.decode;

/** PULL_MESSAGE response header (present on SUCCESS / PULL_NOT_FOUND / PULL_RETRY_IMMEDIATELY / PULL_OFFSET_MOVED). */
export interface PullMessageResponseHeader extends HeaderExtras {
  /** Broker id to pull from next (0 = master). */
  suggestWhichBrokerId: number;
  nextBeginOffset: number;
  minOffset: number;
  /** Exclusive: the next offset to be written. */
  maxOffset: number;
}

/** Codec of {@link PullMessageResponseHeader} (a `FastCodesHeader`). */
export const pullMessageResponseCodec = defineHeader<PullMessageResponseHeader>({
  name: 'PullMessageResponseHeader',
  javaClass: headerClass('PullMessageResponseHeader'),
  fastCodes: true,
  fields: [
    { field: 'suggestWhichBrokerId', key: 'suggestWhichBrokerId', type: 'long', required: true },
    { field: 'nextBeginOffset', key: 'nextBeginOffset', type: 'long', required: true },
    { field: 'minOffset', key: 'minOffset', type: 'long', required: true },
    { field: 'maxOffset', key: 'maxOffset', type: 'long', required: true },
  ],
});

/** {@link pullMessageResponseCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodePullMessageResponse = pullMessageResponseCodec.encode;
/** {@link pullMessageResponseCodec}`.decode`: `extFields` → typed header (validated). */
export const decodePullMessageResponse = pullMessageResponseCodec.decode;
