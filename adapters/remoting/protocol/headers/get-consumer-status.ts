import { defineHeader, type HeaderExtras } from './field-spec.js';
import { headerClass } from './java-classes.js';

/** GET_CONSUMER_STATUS_FROM_CLIENT (221) request header, broker → client. */
export interface GetConsumerStatusRequestHeader extends HeaderExtras {
  topic: string;
  group: string;
  clientAddr?: string;
}

/** Codec of {@link GetConsumerStatusRequestHeader}. */
export const getConsumerStatusRequestCodec = defineHeader<GetConsumerStatusRequestHeader>({
  name: 'GetConsumerStatusRequestHeader',
  javaClass: headerClass('GetConsumerStatusRequestHeader'),
  fields: [
    { field: 'topic', key: 'topic', type: 'string', required: true },
    { field: 'group', key: 'group', type: 'string', required: true },
    { field: 'clientAddr', key: 'clientAddr', type: 'string', required: false },
  ],
});

/** {@link getConsumerStatusRequestCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeGetConsumerStatusRequest = getConsumerStatusRequestCodec.encode;
/** {@link getConsumerStatusRequestCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeGetConsumerStatusRequest = getConsumerStatusRequestCodec.decode;
