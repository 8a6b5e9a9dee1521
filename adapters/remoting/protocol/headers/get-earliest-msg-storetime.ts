import { defineHeader, type HeaderExtras } from './field-spec.js';
import { headerClass } from './java-classes.js';
import { BNAME_FIELD, type RpcRequestFields } from './rpc-request-header.js';

/** GET_EARLIEST_MSG_STORETIME (32) request header. */
export interface GetEarliestMsgStoretimeRequestHeader extends RpcRequestFields, HeaderExtras {
  topic: string;
  queueId: number;
}

/** Codec of {@link GetEarliestMsgStoretimeRequestHeader}. */
export const getEarliestMsgStoretimeRequestCodec = defineHeader<GetEarliestMsgStoretimeRequestHeader>({
  name: 'GetEarliestMsgStoretimeRequestHeader',
  javaClass: headerClass('GetEarliestMsgStoretimeRequestHeader'),
  fields: [
    { field: 'topic', key: 'topic', type: 'string', required: true },
    { field: 'queueId', key: 'queueId', type: 'int', required: true },
    BNAME_FIELD,
  ],
});

/** {@link getEarliestMsgStoretimeRequestCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeGetEarliestMsgStoretimeRequest = getEarliestMsgStoretimeRequestCodec.encode;
/** {@link getEarliestMsgStoretimeRequestCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeGetEarliestMsgStoretimeRequest = getEarliestMsgStoretimeRequestCodec.decode;

/** GET_EARLIEST_MSG_STORETIME (32) response header. */
export interface GetEarliestMsgStoretimeResponseHeader extends HeaderExtras {
  /** Store time (ms) of the earliest message in the queue. */
  timestamp: number;
}

/** Codec of {@link GetEarliestMsgStoretimeResponseHeader}. */
export const getEarliestMsgStoretimeResponseCodec = defineHeader<GetEarliestMsgStoretimeResponseHeader>({
  name: 'GetEarliestMsgStoretimeResponseHeader',
  javaClass: headerClass('GetEarliestMsgStoretimeResponseHeader'),
  fields: [{ field: 'timestamp', key: 'timestamp', type: 'long', required: true }],
});

/** {@link getEarliestMsgStoretimeResponseCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeGetEarliestMsgStoretimeResponse = getEarliestMsgStoretimeResponseCodec.encode;
/** {@link getEarliestMsgStoretimeResponseCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeGetEarliestMsgStoretimeResponse = getEarliestMsgStoretimeResponseCodec.decode;
