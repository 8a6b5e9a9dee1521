import { NAME_VALUE_SEPARATOR, PROPERTY_SEPARATOR, SystemProperty } from './system-properties.js';

const SEGMENT = PROPERTY_SEPARATOR.charCodeAt(0);

/**
 * One property of a stored properties string (`name U+0001 value U+0002 …`), found without parsing the rest: the
 * value the full parse (Java `string2messageProperties`: segments split on U+0002, name up to the first U+0001,
 * value the rest, later duplicates win, segments without a name or value dropped) would give `name`, or undefined.
 * `name` must not contain either separator.
 */
export function propertyIn(text: string, name: string): string | undefined {
  return propertyAt(text, propertyNeedle(name));
}

/** What {@link propertyAt} searches for `name` (make it once per name). */
export function propertyNeedle(name: string): string {
  return name + NAME_VALUE_SEPARATOR;
}

/** {@link propertyIn} with the name's needle made beforehand (forward searches: `lastIndexOf` is several times slower). */
export function propertyAt(text: string, needle: string): string | undefined {
  let found: string | undefined;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) {
    if (at !== 0 && text.charCodeAt(at - 1) !== SEGMENT) continue;
    const valueAt = at + needle.length;
    let end = text.indexOf(PROPERTY_SEPARATOR, valueAt);
    if (end < 0) end = text.length;
    if (end > valueAt) found = text.slice(valueAt, end);
  }
  return found;
}

/** The properties a consumer reads from every pulled message (the rest stay in the text until asked for). */
export interface ConsumerProperties {
  uniqKey: string | undefined;
  keys: string | undefined;
  tags: string | undefined;
  transactionPrepared: string | undefined;
  transactionId: string | undefined;
  originMsgId: string | undefined;
}

const P = SystemProperty;
const UNIQ_KEY = P.UNIQ_CLIENT_MESSAGE_ID_KEYIDX;
const KEYS = P.KEYS;
const TAGS = P.TAGS;
const TRAN_MSG = P.TRANSACTION_PREPARED;
const TRANSACTION_ID = P.TRANSACTION_ID;
const ORIGIN_MESSAGE_ID = P.ORIGIN_MESSAGE_ID;
const CODE_U = 0x55;
const CODE_K = 0x4b;
const CODE_T = 0x54;
const CODE_UNDERSCORE = 0x5f;
const CODE_O = 0x4f;
const NAME_END = NAME_VALUE_SEPARATOR.charCodeAt(0);

/**
 * The {@link ConsumerProperties} of a stored properties string, in one walk over its segments: what {@link propertyIn}
 * gives for each of the six names, without searching the text six times. A segment is looked at only when its first
 * character can start one of the names.
 */
export function scanConsumerProperties(text: string): ConsumerProperties {
  const out: ConsumerProperties = {
    uniqKey: undefined,
    keys: undefined,
    tags: undefined,
    transactionPrepared: undefined,
    transactionId: undefined,
    originMsgId: undefined,
  };
  const n = text.length;
  let s = 0;
  while (s < n) {
    let e = text.indexOf(PROPERTY_SEPARATOR, s);
    if (e < 0) e = n;
    switch (text.charCodeAt(s)) {
      case CODE_U:
        out.uniqKey = valueOf(text, s, e, UNIQ_KEY) ?? out.uniqKey;
        break;
      case CODE_K:
        out.keys = valueOf(text, s, e, KEYS) ?? out.keys;
        break;
      case CODE_T:
        out.tags = valueOf(text, s, e, TAGS) ?? out.tags;
        out.transactionPrepared = valueOf(text, s, e, TRAN_MSG) ?? out.transactionPrepared;
        break;
      case CODE_UNDERSCORE:
        out.transactionId = valueOf(text, s, e, TRANSACTION_ID) ?? out.transactionId;
        break;
      case CODE_O:
        out.originMsgId = valueOf(text, s, e, ORIGIN_MESSAGE_ID) ?? out.originMsgId;
        break;
    }
    s = e + 1;
  }
  return out;
}

/** The value of segment `text[s..e)` when its name is `name` and its value is not empty. */
function valueOf(text: string, s: number, e: number, name: string): string | undefined {
  const valueAt = s + name.length + 1;
  if (e <= valueAt || text.charCodeAt(valueAt - 1) !== NAME_END || !text.startsWith(name, s)) return undefined;
  return text.slice(valueAt, e);
}
