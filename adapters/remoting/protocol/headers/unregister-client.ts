import { defineHeader, type HeaderExtras } from './field-spec.js';
import { headerClass } from './java-classes.js';

/** UNREGISTER_CLIENT (35) request header: one group per call (the response has no fields). */
export interface UnregisterClientRequestHeader extends HeaderExtras {
  /** Ext key `clientID`. */
  clientId: string;
  producerGroup?: string;
  consumerGroup?: string;
}

/** Codec of {@link UnregisterClientRequestHeader}. */
export const unregisterClientRequestCodec = defineHeader<UnregisterClientRequestHeader>({
  name: 'UnregisterClientRequestHeader',
  javaClass: headerClass('UnregisterClientRequestHeader'),
  fields: [
    { field: 'clientId', key: 'clientID', type: 'string', required: true },
    { field: 'producerGroup', key: 'producerGroup', type: 'string', required: false },
    { field: 'consumerGroup', key: 'consumerGroup', type: 'string', required: false },
  ],
});

/** {@link unregisterClientRequestCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeUnregisterClientRequest = unregisterClientRequestCodec.encode;
/** {@link unregisterClientRequestCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeUnregisterClientRequest = unregisterClientRequestCodec.decode;
