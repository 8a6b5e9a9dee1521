import { defineHeader, type HeaderExtras } from './field-spec.js';
import { headerClass } from './java-classes.js';
import { BNAME_FIELD, type RpcRequestFields } from './rpc-request-header.js';

/** QUERY_CONSUMER_OFFSET (14) request header. */
export interface QueryConsumerOffsetRequestHeader extends RpcRequestFields, HeaderExtras {
  consumerGroup: string;
  topic: string;
  queueId: number;
}

/** Codec of {@link QueryConsumerOffsetRequestHeader}. */
export const queryConsumerOffsetRequestCodec = defineHeader<QueryConsumerOffsetRequestHeader>({
  name: 'QueryConsumerOffsetRequestHeader',
  javaClass: headerClass('QueryConsumerOffsetRequestHeader'),
  fields: [
    { field: 'consumerGroup', key: 'consumerGroup', type: 'string', required: true },
    { field: 'topic', key: 'topic', type: 'string', required: true },
    { field: 'queueId', key: 'queueId', type: 'int', required: true },
    BNAME_FIELD,
  ],
});

/** {@link queryConsumerOffsetRequestCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeQueryConsumerOffsetRequest = queryConsumerOffsetRequestCodec.encode;
/** {@link queryConsumerOffsetRequestCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeQueryConsumerOffsetRequest = queryConsumerOffsetRequestCodec.decode;

/** QUERY_CONSUMER_OFFSET response header. */
export interface QueryConsumerOffsetResponseHeader extends HeaderExtras {
  /** The committed offset. */
  offset: number;
}

/** Codec of {@link QueryConsumerOffsetResponseHeader}. */
export const queryConsumerOffsetResponseCodec = defineHeader<QueryConsumerOffsetResponseHeader>({
  name: 'QueryConsumerOffsetResponseHeader',
  javaClass: headerClass('QueryConsumerOffsetResponseHeader'),
  fields: [{ field: 'offset', key: 'offset', type: 'long', required: true }],
});

/** {@link queryConsumerOffsetResponseCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeQueryConsumerOffsetResponse = queryConsumerOffsetResponseCodec.encode;
/** {@link queryConsumerOffsetResponseCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeQueryConsumerOffsetResponse = queryConsumerOffsetResponseCodec.decode;
