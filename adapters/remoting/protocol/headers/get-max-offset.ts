import { defineHeader, type HeaderExtras } from './field-spec.js';
import { headerClass } from './java-classes.js';
import { BNAME_FIELD, type RpcRequestFields } from './rpc-request-header.js';

/** GET_MAX_OFFSET (30) request header. */
export interface GetMaxOffsetRequestHeader extends RpcRequestFields, HeaderExtras {
  topic: string;
  queueId: number;
}

/** Codec of {@link GetMaxOffsetRequestHeader}. */
export const getMaxOffsetRequestCodec = defineHeader<GetMaxOffsetRequestHeader>({
  name: 'GetMaxOffsetRequestHeader',
  javaClass: headerClass('GetMaxOffsetRequestHeader'),
  fields: [
    { field: 'topic', key: 'topic', type: 'string', required: true },
    { field: 'queueId', key: 'queueId', type: 'int', required: true },
    BNAME_FIELD,
  ],
});

/** {@link getMaxOffsetRequestCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeGetMaxOffsetRequest = getMaxOffsetRequestCodec.encode;
/** {@link getMaxOffsetRequestCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeGetMaxOffsetRequest = getMaxOffsetRequestCodec.decode;

/** GET_MAX_OFFSET (30) response header. */
export interface GetMaxOffsetResponseHeader extends HeaderExtras {
  /** The queue max offset (exclusive: the next offset to be written). */
  offset: number;
}

/** Codec of {@link GetMaxOffsetResponseHeader}. */
export const getMaxOffsetResponseCodec = defineHeader<GetMaxOffsetResponseHeader>({
  name: 'GetMaxOffsetResponseHeader',
  javaClass: headerClass('GetMaxOffsetResponseHeader'),
  fields: [{ field: 'offset', key: 'offset', type: 'long', required: true }],
});

/** {@link getMaxOffsetResponseCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeGetMaxOffsetResponse = getMaxOffsetResponseCodec.encode;
/** {@link getMaxOffsetResponseCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeGetMaxOffsetResponse = getMaxOffsetResponseCodec.decode;
