import { defineHeader, type HeaderExtras } from './field-spec.js';
import { headerClass } from './java-classes.js';
import { BNAME_FIELD, type RpcRequestFields } from './rpc-request-header.js';

/** UPDATE_CONSUMER_OFFSET (15) request header (the response has no fields). */
export interface UpdateConsumerOffsetRequestHeader extends RpcRequestFields, HeaderExtras {
  consumerGroup: string;
  topic: string;
  queueId: number;
  commitOffset: number;
}

/** Codec of {@link UpdateConsumerOffsetRequestHeader}. */
export const updateConsumerOffsetRequestCodec = defineHeader<UpdateConsumerOffsetRequestHeader>({
  name: 'UpdateConsumerOffsetRequestHeader',
  javaClass: headerClass('UpdateConsumerOffsetRequestHeader'),
  fields: [
    { field: 'consumerGroup', key: 'consumerGroup', type: 'string', required: true },
    { field: 'topic', key: 'topic', type: 'string', required: true },
    { field: 'queueId', key: 'queueId', type: 'int', required: true },
    { field: 'commitOffset', key: 'commitOffset', type: 'long', required: true },
    BNAME_FIELD,
  ],
});

/** {@link updateConsumerOffsetRequestCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeUpdateConsumerOffsetRequest = updateConsumerOffsetRequestCodec.encode;
/** {@link updateConsumerOffsetRequestCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeUpdateConsumerOffsetRequest = updateConsumerOffsetRequestCodec.decode;
