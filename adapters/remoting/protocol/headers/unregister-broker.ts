import { defineHeader, type HeaderExtras } from './field-spec.js';
import { namesrvHeaderClass } from './java-classes.js';

/** UNREGISTER_BROKER (104) request header, broker → name server. */
export interface UnregisterBrokerRequestHeader extends HeaderExtras {
  brokerName: string;
  brokerAddr: string;
  clusterName: string;
  brokerId: number;
}

/** Codec of {@link UnregisterBrokerRequestHeader}. */
export const unregisterBrokerRequestCodec = defineHeader<UnregisterBrokerRequestHeader>({
  name: 'UnRegisterBrokerRequestHeader',
  javaClass: namesrvHeaderClass('UnRegisterBrokerRequestHeader'),
  fields: [
    { field: 'brokerName', key: 'brokerName', type: 'string', required: true },
    { field: 'brokerAddr', key: 'brokerAddr', type: 'string', required: true },
    { field: 'clusterName', key: 'clusterName', type: 'string', required: true },
    { field: 'brokerId', key: 'brokerId', type: 'long', required: true },
  ],
});

/** {@link unregisterBrokerRequestCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeUnregisterBrokerRequest = unregisterBrokerRequestCodec.encode;
/** {@link unregisterBrokerRequestCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeUnregisterBrokerRequest = unregisterBrokerRequestCodec.decode;
