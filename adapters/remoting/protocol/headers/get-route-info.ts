import { defineHeader, type HeaderExtras } from './field-spec.js';
import { namesrvHeaderClass } from './java-classes.js';

/** GET_ROUTEINFO_BY_TOPIC (105) request header, sent to the name server. */
export interface GetRouteInfoRequestHeader extends HeaderExtras {
  topic: string;
  /** 4.9.4+: `true` asks for standard JSON whatever the request version. */
  acceptStandardJsonOnly?: boolean;
}

/** Codec of {@link GetRouteInfoRequestHeader}. */
export const getRouteInfoRequestCodec = defineHeader<GetRouteInfoRequestHeader>({
  name: 'GetRouteInfoRequestHeader',
  javaClass: namesrvHeaderClass('GetRouteInfoRequestHeader'),
  fields: [
    { field: 'topic', key: 'topic', type: 'string', required: true },
    { field: 'acceptStandardJsonOnly', key: 'acceptStandardJsonOnly', type: 'boolean', required: false },
  ],
});

/** {@link getRouteInfoRequestCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeGetRouteInfoRequest = getRouteInfoRequestCodec.encode;
/** {@link getRouteInfoRequestCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeGetRouteInfoRequest = getRouteInfoRequestCodec.decode;
