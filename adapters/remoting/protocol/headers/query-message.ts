import { defineHeader, type HeaderExtras } from './field-spec.js';
import { headerClass } from './java-classes.js';

/** QUERY_MESSAGE (12) request header. */
export interface QueryMessageRequestHeader extends HeaderExtras {
  topic: string;
  /** A KEYS value, or a UNIQ_KEY when `uniqueKeyQuery`. */
  key: string;
  maxNum: number;
  /** Store-time window start (ms); Java `Long.MIN_VALUE` decodes to -Infinity. */
  beginTimestamp: number;
  /**
   * Store-time window end (ms). The Java client sends `Long.MAX_VALUE` (9223372036854775807) when
   * looking a message up by UNIQ_KEY; that decodes to Infinity, and Infinity encodes back to it.
   */
  endTimestamp: number;
  /**
   * Ext field `_UNIQUE_KEY_QUERY`, not part of the Java class: the Java client always adds it
   * (before the header is written); `true` means `key` is a UNIQ_KEY.
   */
  uniqueKeyQuery?: boolean;
}

/** Codec of {@link QueryMessageRequestHeader}. */
export const queryMessageRequestCodec = defineHeader<QueryMessageRequestHeader>({
  name: 'QueryMessageRequestHeader',
  javaClass: headerClass('QueryMessageRequestHeader'),
  fields: [
    { field: 'topic', key: 'topic', type: 'string', required: true },
    { field: 'key', key: 'key', type: 'string', required: true },
    { field: 'maxNum', key: 'maxNum', type: 'int', required: true },
    { field: 'beginTimestamp', key: 'beginTimestamp', type: 'long', required: true, longLimitsAsInfinity: true },
    { field: 'endTimestamp', key: 'endTimestamp', type: 'long', required: true, longLimitsAsInfinity: true },
    { field: 'uniqueKeyQuery', key: '_UNIQUE_KEY_QUERY', type: 'boolean', required: false, outsideClass: true },
  ],
});

/** {@link queryMessageRequestCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeQueryMessageRequest = queryMessageRequestCodec.encode;
/** {@link queryMessageRequestCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeQueryMessageRequest = queryMessageRequestCodec.decode;

/** QUERY_MESSAGE response header. */
export interface QueryMessageResponseHeader extends HeaderExtras {
  indexLastUpdateTimestamp: number;
  indexLastUpdatePhyoffset: number;
}

/** Codec of {@link QueryMessageResponseHeader}. */
export const queryMessageResponseCodec = defineHeader<QueryMessageResponseHeader>({
  name: 'QueryMessageResponseHeader',
  javaClass: headerClass('QueryMessageResponseHeader'),
  fields: [
    { field: 'indexLastUpdateTimestamp', key: 'indexLastUpdateTimestamp', type: 'long', required: true },
    { field: 'indexLastUpdatePhyoffset', key: 'indexLastUpdatePhyoffset', type: 'long', required: true },
  ],
});

/** {@link queryMessageResponseCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeQueryMessageResponse = queryMessageResponseCodec.encode;
/** {@link queryMessageResponseCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeQueryMessageResponse = queryMessageResponseCodec.decode;
