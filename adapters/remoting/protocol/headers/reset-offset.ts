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

/** Field specs of the 4.9.8 `ResetOffsetRequestHeader`, in Java order (also the start of INVOKE_BROKER_TO_RESET_OFFSET's). */
export const RESET_OFFSET_FIELDS = [
  { field: 'topic', key: 'topic', type: 'string', required: true },
  { field: 'group', key: 'group', type: 'string', required: true },
  { field: 'timestamp', key: 'timestamp', type: 'long', required: true },
  { field: 'isForce', key: 'isForce', type: 'boolean', required: true },
] as const;

/** Codec of {@link ResetOffsetRequestHeader}. */
export const resetOffsetRequestCodec = defineHeader<ResetOffsetRequestHeader>({
  name: 'ResetOffsetRequestHeader',
  javaClass: headerClass('ResetOffsetRequestHeader'),
  fields: RESET_OFFSET_FIELDS,
});

/** {@link resetOffsetRequestCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeResetOffsetRequest = resetOffsetRequestCodec.encode;
/** {@link resetOffsetRequestCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeResetOffsetRequest = resetOffsetRequestCodec.decode;
