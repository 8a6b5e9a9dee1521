import { defineHeader, type HeaderExtras } from './field-spec.js';
import { headerClass } from './java-classes.js';

/** GET_CONSUMER_LIST_BY_GROUP (38) request header (the response header has no fields; the ids are in the body). */
export interface GetConsumerListByGroupRequestHeader extends HeaderExtras {
  consumerGroup: string;
}

/** Codec of {@link GetConsumerListByGroupRequestHeader}. */
export const getConsumerListByGroupRequestCodec = defineHeader<GetConsumerListByGroupRequestHeader>({
  name: 'GetConsumerListByGroupRequestHeader',
  javaClass: headerClass('GetConsumerListByGroupRequestHeader'),
  fields: [{ field: 'consumerGroup', key: 'consumerGroup', type: 'string', required: true }],
});

/** {@link getConsumerListByGroupRequestCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeGetConsumerListByGroupRequest = getConsumerListByGroupRequestCodec.encode;
/** {@link getConsumerListByGroupRequestCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeGetConsumerListByGroupRequest = getConsumerListByGroupRequestCodec.decode;
