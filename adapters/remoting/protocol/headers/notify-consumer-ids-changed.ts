import { defineHeader, type HeaderExtras } from './field-spec.js';
import { headerClass } from './java-classes.js';

/** NOTIFY_CONSUMER_IDS_CHANGED (40) request header, broker → client (oneway). */
export interface NotifyConsumerIdsChangedRequestHeader extends HeaderExtras {
  consumerGroup: string;
}

/** Codec of {@link NotifyConsumerIdsChangedRequestHeader}. */
export const notifyConsumerIdsChangedRequestCodec = defineHeader<NotifyConsumerIdsChangedRequestHeader>({
  name: 'NotifyConsumerIdsChangedRequestHeader',
  javaClass: headerClass('NotifyConsumerIdsChangedRequestHeader'),
  fields: [{ field: 'consumerGroup', key: 'consumerGroup', type: 'string', required: true }],
});

/** {@link notifyConsumerIdsChangedRequestCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeNotifyConsumerIdsChangedRequest = notifyConsumerIdsChangedRequestCodec.encode;
/** {@link notifyConsumerIdsChangedRequestCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeNotifyConsumerIdsChangedRequest = notifyConsumerIdsChangedRequestCodec.decode;
