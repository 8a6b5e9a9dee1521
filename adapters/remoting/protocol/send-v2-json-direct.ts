/**
 * The JSON header of a SEND_MESSAGE_V2 or SEND_BATCH_MESSAGE request written straight from the send's fields
 * ({@link SendV2Fields}), without making its header object, its extFields object or its properties string first:
 * the same bytes as `jsonHeaderText` of the command `SendV2Command.extFields` describes. The unchanging bytes come
 * from a {@link SendTemplate} (kept per topic and broker); the queue id, sysFlag, born timestamp, message flag,
 * properties, reconsume times and opaque are written as they are read. Once a template has written a header, the
 * next is first tried as a copy of that one with the changed values written over theirs (`send-v2-json-patch.ts`).
 *
 * Anything the general path would write differently or refuse — a value that is not a plain integer or string, a
 * property name or value holding anything but printable ASCII that JSON leaves as it is (the U+0001/U+0002
 * separators included, which the general path refuses with its typed error), a header that would pass its limit —
 * answers -1, and the caller writes the header the general way. No I/O; the templates (with their last header) and
 * the last born timestamp's digits are kept between calls (bounded), and the bytes written into are the caller's,
 * used synchronously.
 */
import { int32 } from './headers/send-message-v2.js';
import { ascii, put, writeInt } from './send-v2-json-header.js';
import { bornDigits, bornText, type LastHeader, noteEntry, recordHeader, writePatched, written } from './send-v2-json-patch.js';
import { makeSendTemplate, NEXT_KEY, SEND_BATCH_MESSAGE, SEND_MESSAGE_V2, type SendTemplate } from './send-v2-json-template.js';
import { holdsSendValues, SendTemplates, type SendTemplateValues } from './send-v2-templates.js';

/** Local: in a `for…in` loop V8 makes `hasOwnProperty.call(o, key)` a map check; `Object.hasOwn` or an import stays a call. */
const hasOwnProperty = Object.prototype.hasOwnProperty;

/** What a send's V2 header is made of, its properties not yet joined into one string (core's `SendRequest` has these). */
export interface SendV2Fields {
  readonly producerGroup: string;
  readonly topic: string;
  readonly defaultTopic: string;
  readonly defaultTopicQueueNums: number;
  readonly queueId: number;
  readonly sysFlag: number;
  readonly bornTimestamp: number;
  readonly flag: number;
  readonly properties: Readonly<Record<string, string | undefined>>;
  readonly reconsumeTimes?: number | undefined;
  readonly maxReconsumeTimes?: number | undefined;
  readonly brokerName: string;
}

/** A template and the values it was made from. */
interface DirectTemplate extends SendTemplateValues {
  readonly flag: number;
  readonly bytes: SendTemplate;
  /** The last header written in full with it, to patch (see `send-v2-json-patch.ts`). */
  last: LastHeader | undefined;
  /** Sends in a row that could not be written by patching {@link last}. */
  misses: number;
}

/** Bytes kept free for the values written after the properties (j, the opaque) and for the slack of a check. */
const AFTER_PROPERTIES_ROOM = 48;
/** Room for the values written before the properties (e, f, g, h: at most 11, 11, 17 and 11 characters). */
const BEFORE_PROPERTIES_ROOM = 64;

/** Room for an opaque: a minus sign and ten digits. */
const OPAQUE_ROOM = 11;
const templates = new SendTemplates<DirectTemplate>();

/** The command-level values of the header that are not the transport's (the opaque and flag) nor its extFields. */
export interface SendV2Envelope {
  readonly code: number;
  readonly language: string;
  readonly version: number;
}

/**
 * Writes the JSON header of the send `f` as `envelope` (a command: its code, language and version) sends it under
 * `opaque` and `flag`, into `into` from `at`, using no byte at or past `limit`.
 * @returns the offset after the header, or -1 when the caller must write it the general way.
 */
export function writeSendV2Direct(f: SendV2Fields, envelope: SendV2Envelope, opaque: number, flag: number, into: Buffer, at: number, limit: number): number {
  const t = templateOf(f, envelope, flag);
  if (t === undefined || !int32(opaque)) return -1;
  const after = t.bytes.after;
  const kept = t.last;
  if (kept !== undefined && at + kept.bytes.length + OPAQUE_ROOM + after.length <= limit) {
    const p = writePatched(kept, f, into, at);
    if (p >= 0) {
      t.misses = 0;
      return put(into, writeInt(into, p, opaque), after);
    }
    t.misses++;
  }
  return writeFull(t, f, opaque, into, at, limit);
}

/** {@link writeSendV2Direct} value by value; keeps the header for patching (unless sends keep missing it). */
function writeFull(t: DirectTemplate, f: SendV2Fields, opaque: number, into: Buffer, at: number, limit: number): number {
  const b = t.bytes;
  if (at + b.fixedLength + BEFORE_PROPERTIES_ROOM + AFTER_PROPERTIES_ROOM > limit) return -1;
  let p = put(into, at, b.lead);
  p = intThen(into, p, f.queueId, NEXT_KEY[0]!, 0, at);
  p = intThen(into, p, f.sysFlag, NEXT_KEY[1]!, 1, at);
  p = p >= 0 ? bornThen(into, p, f.bornTimestamp, NEXT_KEY[2]!, at) : -1;
  p = intThen(into, p, f.flag, NEXT_KEY[3]!, 2, at);
  if (p < 0) return -1;
  p = writeProperties(into, p, f.properties, limit - b.tail.length - b.after.length - AFTER_PROPERTIES_ROOM, at);
  if (p < 0) return -1;
  p = intThen(into, put(into, p, NEXT_KEY[4]!), f.reconsumeTimes ?? 0, b.tail, 3, at);
  if (p < 0) return -1;
  // Kept again after a miss, but after many misses in a row only now and then (sends whose values keep changing).
  if (t.misses <= 8 || (t.misses & 63) === 0) t.last = recordHeader(into, at, p);
  return put(into, writeInt(into, p, opaque), b.after);
}

/**
 * The template for `f` as `envelope` sends it with `flag`: the one kept for its topic while its values fit;
 * `undefined` for values the template cannot hold.
 */
function templateOf(f: SendV2Fields, envelope: SendV2Envelope, flag: number): DirectTemplate | undefined {
  const code = envelope.code;
  if (code !== SEND_MESSAGE_V2 && code !== SEND_BATCH_MESSAGE) return undefined;
  const t = templates.find(f.topic, f.brokerName, code);
  if (t !== undefined && t.flag === flag && holdsSendValues(t, f, envelope)) return t;
  return templateFits(f, envelope, flag) ? templates.keep(makeTemplate(f, envelope, flag)) : undefined;
}

/** Whether the unchanging values are ones the general path writes as a template would: strings and plain int32s. */
function templateFits(f: SendV2Fields, envelope: SendV2Envelope, flag: number): boolean {
  return (
    typeof f.producerGroup === 'string' &&
    typeof f.topic === 'string' &&
    typeof f.defaultTopic === 'string' &&
    typeof f.brokerName === 'string' &&
    typeof envelope.language === 'string' &&
    int32(f.defaultTopicQueueNums) &&
    (f.maxReconsumeTimes === undefined || int32(f.maxReconsumeTimes)) &&
    int32(flag) &&
    int32(envelope.version)
  );
}

function makeTemplate(f: SendV2Fields, envelope: SendV2Envelope, flag: number): DirectTemplate {
  // The values a template is made from are the extFields the general path writes (`encodeSendMessageV2Fast`).
  const ext: Record<string, string> = {
    a: f.producerGroup,
    b: f.topic,
    c: f.defaultTopic,
    d: String(f.defaultTopicQueueNums),
    k: 'false',
  };
  if (f.maxReconsumeTimes !== undefined) ext['l'] = String(f.maxReconsumeTimes);
  ext['m'] = envelope.code === SEND_BATCH_MESSAGE ? 'true' : 'false';
  ext['n'] = f.brokerName;
  const { code, language, version } = envelope;
  return {
    code,
    topic: f.topic,
    flag,
    language,
    version,
    group: f.producerGroup,
    defaultTopic: f.defaultTopic,
    queueNums: f.defaultTopicQueueNums,
    maxReconsumeTimes: f.maxReconsumeTimes,
    brokerName: f.brokerName,
    bytes: makeSendTemplate({ code, flag, language, version, opaque: 0, extFields: ext }),
    last: undefined,
    misses: 0,
  };
}

/** Writes the safe integer `born` (noted for patching, as an offset from `start`), then `next`; -1 for anything else. */
function bornThen(into: Buffer, at: number, born: number, next: Uint8Array, start: number): number {
  if (!Number.isSafeInteger(born)) return -1;
  const length = bornDigits(born);
  for (let k = 0; k < length; k++) into[at + k] = bornText[k]!;
  written.born = born;
  written.bornAt = at - start;
  written.bornLength = length;
  return put(into, at + length, next);
}

/**
 * Writes the int32 `value` (not -0, which the general path writes differently), noted for patching as int `slot`
 * (an offset from `start`), then `next`; -1 for anything else (and -1 when `at` already is).
 */
function intThen(into: Buffer, at: number, value: number, next: Uint8Array, slot: number, start: number): number {
  if (at < 0 || !int32(value)) return -1;
  const end = writeInt(into, at, value);
  written.ints[slot] = value;
  written.intAt[slot] = at - start;
  written.intLength[slot] = end - at;
  return put(into, end, next);
}

/**
 * Writes the properties as `encodeProperties` joins them (`name U+0001 value`, joined by U+0002, in iteration order,
 * `undefined` values left out) and as JSON string content (each separator as its six-character escape). -1 for an
 * empty or non-string part, a character other than printable ASCII, `"` or `\`, or text that would pass `limit`.
 * Each entry is noted for patching (`send-v2-json-patch.ts`), with offsets from `start`.
 */
function writeProperties(into: Buffer, at: number, props: Readonly<Record<string, string | undefined>>, limit: number, start: number): number {
  let to = at;
  let k = 0;
  for (const name in props) {
    if (!hasOwnProperty.call(props, name)) continue;
    const value = props[name];
    if (value === undefined) continue;
    if (typeof value !== 'string' || name.length === 0 || value.length === 0) return -1;
    if (to + name.length + value.length + 12 > limit) return -1;
    if (k > 0) to = escapedSeparator(into, to, 2);
    to = ascii(into, to, name);
    if (to < 0) return -1;
    to = ascii(into, escapedSeparator(into, to, 1), value);
    if (to < 0) return -1;
    noteEntry(k, name, value, to - start);
    k++;
  }
  written.count = k;
  return to;
}

/** Writes `\u000` and the digit `n`. */
function escapedSeparator(into: Buffer, at: number, n: number): number {
  into[at] = 0x5c;
  into[at + 1] = 0x75;
  into[at + 2] = 0x30;
  into[at + 3] = 0x30;
  into[at + 4] = 0x30;
  into[at + 5] = 0x30 + n;
  return at + 6;
}
