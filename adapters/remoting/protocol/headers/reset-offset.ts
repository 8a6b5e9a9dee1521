import { defineHeader, type HeaderExtras } from './field-spec.js';
import { headerClass } from './java-classes.js';

/**
 * RESET_CONSUMER_CLIENT_OFFSET (220, broker → client, oneway) request header. The same class
 * serves the admin's INVOKE_BROKER_TO_RESET_OFFSET (222).
 */
export interface ResetOffsetRequestHeader extends HeaderExtras {
  topic: string;
  group: string;
  /** Reset target time in ms (Java primitive long). */
  timestamp: number;
  /** Ext key literally `isForce` (Java primitive boolean). */
  isForce: boolean;
}

/** Codec of {@link ResetOffsetRequestHeader}. */
export const resetOffsetRequestCodec = defineHeader<ResetOffsetRequestHeader>({
  name: 'ResetOffsetRequestHeader',
  javaClass: headerClass('ResetOffsetRequestHeader'),
  fields: [
    { field: 'topic', key: 'topic', type: 'string', required: true },
    { field: 'group', key: 'group', type: 'string', required: true },
    { field: 'timestamp', key: 'timestamp', type: 'long', required: true },
    { field: 'isForce', key: 'isForce', type: 'boolean', required: true },
  ],
});

/** {@link resetOffsetRequestCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeResetOffsetRequest = resetOffsetRequestCodec.encode;
/** {@link resetOffsetRequestCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeResetOffsetRequest = resetOffsetRequestCodec.decode;
