import { defineHeader, type HeaderExtras } from './field-spec.js';
import { headerClass } from './java-classes.js';

/** VIEW_MESSAGE_BY_ID (33) request header; send it to the address inside the offset message id. */
export interface ViewMessageRequestHeader extends HeaderExtras {
  /** Commit-log (physical) offset from the offset message id. */
  offset: number;
}

/** Codec of {@link ViewMessageRequestHeader}. */
export const viewMessageRequestCodec = defineHeader<ViewMessageRequestHeader>({
  name: 'ViewMessageRequestHeader',
  javaClass: headerClass('ViewMessageRequestHeader'),
  fields: [{ field: 'offset', key: 'offset', type: 'long', required: true }],
});

/** {@link viewMessageRequestCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeViewMessageRequest = viewMessageRequestCodec.encode;
/** {@link viewMessageRequestCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeViewMessageRequest = viewMessageRequestCodec.decode;
