import { defineHeader, type HeaderExtras } from './field-spec.js';
import { namesrvHeaderClass } from './java-classes.js';

/** REGISTER_BROKER (103) request header, broker → name server. */
export interface RegisterBrokerRequestHeader extends HeaderExtras {
  brokerName: string;
  /** `ip:port`. */
  brokerAddr: string;
  clusterName: string;
  haServerAddr: string;
  /** 0 = master. */
  brokerId: number;
  /** Body is the zlib form (Java primitive, default false). */
  compressed?: boolean;
  /** CRC32(body) & 0x7FFFFFFF; 0 skips the check (Java default 0). */
  bodyCrc32?: number;
}

/** Codec of {@link RegisterBrokerRequestHeader}. */
export const registerBrokerRequestCodec = defineHeader<RegisterBrokerRequestHeader>({
  name: 'RegisterBrokerRequestHeader',
  javaClass: namesrvHeaderClass('RegisterBrokerRequestHeader'),
  fields: [
    { field: 'brokerName', key: 'brokerName', type: 'string', required: true },
    { field: 'brokerAddr', key: 'brokerAddr', type: 'string', required: true },
    { field: 'clusterName', key: 'clusterName', type: 'string', required: true },
    { field: 'haServerAddr', key: 'haServerAddr', type: 'string', required: true },
    { field: 'brokerId', key: 'brokerId', type: 'long', required: true },
    { field: 'compressed', key: 'compressed', type: 'boolean', required: false, javaDefault: false },
    { field: 'bodyCrc32', key: 'bodyCrc32', type: 'int', required: false, javaDefault: 0 },
  ],
});

/** {@link registerBrokerRequestCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeRegisterBrokerRequest = registerBrokerRequestCodec.encode;
/** {@link registerBrokerRequestCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeRegisterBrokerRequest = registerBrokerRequestCodec.decode;

/** REGISTER_BROKER response header; both fields are null for a master (`"extFields":{}`). */
export interface RegisterBrokerResponseHeader extends HeaderExtras {
  haServerAddr?: string;
  masterAddr?: string;
}

/** Codec of {@link RegisterBrokerResponseHeader}. */
export const registerBrokerResponseCodec = defineHeader<RegisterBrokerResponseHeader>({
  name: 'RegisterBrokerResponseHeader',
  javaClass: namesrvHeaderClass('RegisterBrokerResponseHeader'),
  fields: [
    { field: 'haServerAddr', key: 'haServerAddr', type: 'string', required: false },
    { field: 'masterAddr', key: 'masterAddr', type: 'string', required: false },
  ],
});

/** {@link registerBrokerResponseCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeRegisterBrokerResponse = registerBrokerResponseCodec.encode;
/** {@link registerBrokerResponseCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeRegisterBrokerResponse = registerBrokerResponseCodec.decode;
