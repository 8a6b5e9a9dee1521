import { defineHeader, type HeaderExtras } from './field-spec.js';
import { headerClass } from './java-classes.js';

/** CONSUME_MESSAGE_DIRECTLY (309) request header, broker → client; the body is one stored message. */
export interface ConsumeMessageDirectlyRequestHeader extends HeaderExtras {
  consumerGroup: string;
  clientId?: string;
  msgId?: string;
  brokerName?: string;
}

/** Codec of {@link ConsumeMessageDirectlyRequestHeader} (Java `ConsumeMessageDirectlyResultRequestHeader`). */
export const consumeMessageDirectlyRequestCodec = defineHeader<ConsumeMessageDirectlyRequestHeader>({
  name: 'ConsumeMessageDirectlyResultRequestHeader',
  javaClass: headerClass('ConsumeMessageDirectlyResultRequestHeader'),
  fields: [
    { field: 'consumerGroup', key: 'consumerGroup', type: 'string', required: true },
    { field: 'clientId', key: 'clientId', type: 'string', required: false },
    { field: 'msgId', key: 'msgId', type: 'string', required: false },
    { field: 'brokerName', key: 'brokerName', type: 'string', required: false },
  ],
});

/** {@link consumeMessageDirectlyRequestCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeConsumeMessageDirectlyRequest = consumeMessageDirectlyRequestCodec.encode;
/** {@link consumeMessageDirectlyRequestCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeConsumeMessageDirectlyRequest = consumeMessageDirectlyRequestCodec.decode;
