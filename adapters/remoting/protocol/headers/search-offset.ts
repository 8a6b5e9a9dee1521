import { defineHeader, type HeaderExtras } from './field-spec.js';
import { headerClass } from './java-classes.js';
import { BNAME_FIELD, type RpcRequestFields } from './rpc-request-header.js';

/** SEARCH_OFFSET_BY_TIMESTAMP (29) request header. */
export interface SearchOffsetRequestHeader extends RpcRequestFields, HeaderExtras {
  topic: string;
  queueId: number;
  /** Store time in ms to search for. */
  timestamp: number;
}

/** Codec of {@link SearchOffsetRequestHeader}. */
export const searchOffsetRequestCodec = defineHeader<SearchOffsetRequestHeader>({
  name: 'SearchOffsetRequestHeader',
  javaClass: headerClass('SearchOffsetRequestHeader'),
  fields: [
    { field: 'topic', key: 'topic', type: 'string', required: true },
    { field: 'queueId', key: 'queueId', type: 'int', required: true },
    { field: 'timestamp', key: 'timestamp', type: 'long', required: true },
    BNAME_FIELD,
  ],
});

/** {@link searchOffsetRequestCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeSearchOffsetRequest = searchOffsetRequestCodec.encode;
/** {@link searchOffsetRequestCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeSearchOffsetRequest = searchOffsetRequestCodec.decode;

/** SEARCH_OFFSET_BY_TIMESTAMP (29) response header. */
export interface SearchOffsetResponseHeader extends HeaderExtras {
  /** The offset found for the timestamp. */
  offset: number;
}

/** Codec of {@link SearchOffsetResponseHeader}. */
export const searchOffsetResponseCodec = defineHeader<SearchOffsetResponseHeader>({
  name: 'SearchOffsetResponseHeader',
  javaClass: headerClass('SearchOffsetResponseHeader'),
  fields: [{ field: 'offset', key: 'offset', type: 'long', required: true }],
});

/** {@link searchOffsetResponseCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeSearchOffsetResponse = searchOffsetResponseCodec.encode;
/** {@link searchOffsetResponseCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeSearchOffsetResponse = searchOffsetResponseCodec.decode;
