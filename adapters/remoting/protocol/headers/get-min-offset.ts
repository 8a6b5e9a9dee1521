import { defineHeader, type HeaderExtras } from './field-spec.js';
import { headerClass } from './java-classes.js';
import { BNAME_FIELD, type RpcRequestFields } from './rpc-request-header.js';

/** GET_MIN_OFFSET (31) request header. */
export interface GetMinOffsetRequestHeader extends RpcRequestFields, HeaderExtras {
  topic: string;
  queueId: number;
}

/** Codec of {@link GetMinOffsetRequestHeader}. */
export const getMinOffsetRequestCodec = defineHeader<GetMinOffsetRequestHeader>({
  name: 'GetMinOffsetRequestHeader',
  javaClass: headerClass('GetMinOffsetRequestHeader'),
  fields: [
    { field: 'topic', key: 'topic', type: 'string', required: true },
    { field: 'queueId', key: 'queueId', type: 'int', required: true },
    BNAME_FIELD,
  ],
});

/** {@link getMinOffsetRequestCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeGetMinOffsetRequest = getMinOffsetRequestCodec.encode;
/** {@link getMinOffsetRequestCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeGetMinOffsetRequest = getMinOffsetRequestCodec.decode;

/** GET_MIN_OFFSET (31) response header. */
export interface GetMinOffsetResponseHeader extends HeaderExtras {
  /** The queue min offset. */
  offset: number;
}

/** Codec of {@link GetMinOffsetResponseHeader}. */
export const getMinOffsetResponseCodec = defineHeader<GetMinOffsetResponseHeader>({
  name: 'GetMinOffsetResponseHeader',
  javaClass: headerClass('GetMinOffsetResponseHeader'),
  fields: [{ field: 'offset', key: 'offset', type: 'long', required: true }],
});

/** {@link getMinOffsetResponseCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeGetMinOffsetResponse = getMinOffsetResponseCodec.encode;
/** {@link getMinOffsetResponseCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeGetMinOffsetResponse = getMinOffsetResponseCodec.decode;
