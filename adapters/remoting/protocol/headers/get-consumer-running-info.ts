import { defineHeader, type HeaderExtras } from './field-spec.js';
import { headerClass } from './java-classes.js';

/** GET_CONSUMER_RUNNING_INFO (307) request header, broker → client. */
export interface GetConsumerRunningInfoRequestHeader extends HeaderExtras {
  consumerGroup: string;
  clientId: string;
  /** Java primitive, always sent (default false). */
  jstackEnable?: boolean;
}

/** Codec of {@link GetConsumerRunningInfoRequestHeader}. */
export const getConsumerRunningInfoRequestCodec = defineHeader<GetConsumerRunningInfoRequestHeader>({
  name: 'GetConsumerRunningInfoRequestHeader',
  javaClass: headerClass('GetConsumerRunningInfoRequestHeader'),
  fields: [
    { field: 'consumerGroup', key: 'consumerGroup', type: 'string', required: true },
    { field: 'clientId', key: 'clientId', type: 'string', required: true },
    { field: 'jstackEnable', key: 'jstackEnable', type: 'boolean', required: false, javaDefault: false },
  ],
});

/** {@link getConsumerRunningInfoRequestCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeGetConsumerRunningInfoRequest = getConsumerRunningInfoRequestCodec.encode;
/** {@link getConsumerRunningInfoRequestCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeGetConsumerRunningInfoRequest = getConsumerRunningInfoRequestCodec.decode;
