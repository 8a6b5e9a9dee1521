/**
 * The ROCKETMQ (binary) header of a SEND_MESSAGE_V2 or SEND_BATCH_MESSAGE request written straight from the send's
 * fields, as `send-v2-json-direct.ts` writes the JSON one: the same bytes as `writeBinaryHeader` of the command whose
 * extFields `SendV2Command` would make, without making them. A template kept per topic and broker holds the entries
 * that do not change from send to send, encoded once from the extFields the general path makes for the first send
 * (so their key order and values are the general path's by construction). The queue id, sysFlag, born timestamp,
 * message flag, properties and reconsume times are written per send; once a template has written a header, the next
 * is first tried as that one patched (`send-v2-json-patch.ts` works on byte offsets, which a binary header has too:
 * a value of the same width keeps every length field right).
 *
 * Anything the general path might write differently or refuse — a value that is not a plain int32 (or safe integer
 * for the timestamp), a property part that is empty, not a string or holds anything but printable ASCII without `"`
 * or `\`, no properties at all, a key the template does not know, a header past its limit — answers -1, and the
 * caller writes the header the general way. No I/O; the templates are bounded and the bytes written into are the
 * caller's, used synchronously.
 */
import type { EncodeOptions } from './headers/field-spec.js';
import { put32 } from './header-binary.js';
import { int32 } from './headers/send-message-v2.js';
import { languageOrdinal } from './language.js';
import { ascii, put, writeInt } from './send-v2-json-header.js';
import type { SendV2Envelope, SendV2Fields } from './send-v2-json-direct.js';
import { holdsSendValues, SendTemplates, type SendTemplateValues } from './send-v2-templates.js';
import { bornDigits, bornText, type LastHeader, noteEntry, recordHeader, writePatched, written } from './send-v2-json-patch.js';

/** Local: in a `for…in` loop V8 makes `hasOwnProperty.call(o, key)` a map check. */
const hasOwnProperty = Object.prototype.hasOwnProperty;

/** What a template's entry is written from: a constant (its whole entry kept as bytes) or a value of the send. */
const CONSTANT = -1;
const BORN = 4;
const PROPERTIES = 5;
/** The send's values by their one-letter key; 0–3 are the int slots of `send-v2-json-patch.ts`, in its order. */
const SLOT_OF_KEY: Readonly<Record<string, number>> = { e: 0, f: 1, h: 2, j: 3, g: BORN, i: PROPERTIES };
/** Keys whose values a template keeps (checked against the send before it is used). */
const CONSTANT_KEYS = new Set(['a', 'b', 'c', 'd', 'k', 'l', 'm', 'n']);

/** code int16, language int8, version int16, opaque int32, flag int32: what comes before the recorded bytes. */
const PREFIX = 13;
/** Room for a slot's value: an int32 length and up to 20 characters. */
const SLOT_ROOM = 24;

interface BinaryTemplate extends SendTemplateValues {
  readonly order: EncodeOptions;
  /** code, language and version as written. */
  readonly lead: Uint8Array;
  /** Per entry: the whole entry (a constant), or its key length and key (a slot). */
  readonly parts: readonly Uint8Array[];
  readonly slots: Int8Array;
  /** Bytes of the constant parts and the slots' keys. */
  readonly fixedLength: number;
  last: LastHeader | undefined;
  misses: number;
}

const templates = new SendTemplates<BinaryTemplate>();

/** A command: its code, language and version, and the extFields the general path makes for it (read only to make a template). */
export interface SendV2Sample extends SendV2Envelope {
  readonly extFields: Readonly<Record<string, string>>;
}

/**
 * Writes the binary header of the send `f` as `command` sends it under `opaque` and `flag` (ext keys in the order of
 * its extFields, which are read only when a template must be made), into `into` from `at`, using no byte at or past
 * `limit`.
 * @returns the offset after the header, or -1 when the caller must write it the general way.
 */
export function writeSendV2Binary(f: SendV2Fields, command: SendV2Sample, order: EncodeOptions, opaque: number, flag: number, into: Buffer, at: number, limit: number): number {
  if (!int32(opaque) || !int32(flag)) return -1;
  const t = templateOf(f, command, order);
  if (t === undefined || at + PREFIX > limit) return -1;
  let p = put(into, at, t.lead);
  p = put32(into, put32(into, p, opaque), flag);
  const kept = t.last;
  if (kept !== undefined && p + kept.bytes.length <= limit) {
    const end = writePatched(kept, f, into, p);
    if (end >= 0) {
      t.misses = 0;
      return end;
    }
    t.misses++;
  }
  return writeFull(t, f, into, p, limit);
}

/** The remark (none), the ext block value by value; keeps the bytes written for patching (unless sends keep missing). */
function writeFull(t: BinaryTemplate, f: SendV2Fields, into: Buffer, at: number, limit: number): number {
  if (at + 8 + t.fixedLength + 5 * SLOT_ROOM > limit) return -1;
  let p = put32(into, put32(into, at, 0), 0);
  const { parts, slots } = t;
  for (let k = 0; k < parts.length && p >= 0; k++) {
    p = put(into, p, parts[k]!);
    const slot = slots[k]!;
    if (slot === CONSTANT) continue;
    if (slot === BORN) p = writeBorn(into, p, f.bornTimestamp, at);
    else if (slot === PROPERTIES) p = writeProperties(into, p, f.properties, limit - t.fixedLength - 6 * SLOT_ROOM, at);
    else p = writeSlotInt(into, p, slot === 0 ? f.queueId : slot === 1 ? f.sysFlag : slot === 2 ? f.flag : (f.reconsumeTimes ?? 0), slot, at);
  }
  if (p < 0) return -1;
  put32(into, at + 4, p - at - 8);
  if (t.misses <= 8 || (t.misses & 63) === 0) t.last = recordHeader(into, at, p);
  return p;
}

/** An int32 value as its decimal text with its length (noted for patching as int `slot`, offsets from `start`). */
function writeSlotInt(into: Buffer, at: number, value: number, slot: number, start: number): number {
  if (!int32(value)) return -1;
  const end = writeInt(into, at + 4, value);
  put32(into, at, end - at - 4);
  written.ints[slot] = value;
  written.intAt[slot] = at + 4 - start;
  written.intLength[slot] = end - at - 4;
  return end;
}

function writeBorn(into: Buffer, at: number, born: number, start: number): number {
  if (!Number.isSafeInteger(born)) return -1;
  const length = bornDigits(born);
  put32(into, at, length);
  for (let k = 0; k < length; k++) into[at + 4 + k] = bornText[k]!;
  written.born = born;
  written.bornAt = at + 4 - start;
  written.bornLength = length;
  return at + 4 + length;
}

/** The properties text (`name U+0001 value`, joined by U+0002, `undefined` values left out) with its length; entries noted. */
function writeProperties(into: Buffer, at: number, props: Readonly<Record<string, string | undefined>>, limit: number, start: number): number {
  let to = at + 4;
  let k = 0;
  for (const name in props) {
    if (!hasOwnProperty.call(props, name)) continue;
    const value = props[name];
    if (value === undefined) continue;
    if (typeof value !== 'string' || name.length === 0 || value.length === 0 || to + name.length + value.length + 2 > limit) return -1;
    if (k > 0) into[to++] = 2;
    to = ascii(into, to, name);
    if (to < 0) return -1;
    into[to] = 1;
    to = ascii(into, to + 1, value);
    if (to < 0) return -1;
    noteEntry(k, name, value, to - start);
    k++;
  }
  written.count = k;
  if (k === 0) return -1;
  put32(into, at, to - at - 4);
  return to;
}

/** The template for `f` as `command` sends it: the one kept for its topic, broker and code while it holds the send's values. */
function templateOf(f: SendV2Fields, command: SendV2Sample, order: EncodeOptions): BinaryTemplate | undefined {
  const t = templates.find(f.topic, f.brokerName, command.code);
  if (t !== undefined && t.order === order && holdsSendValues(t, f, command)) return t;
  const made = makeTemplate(f, command, order);
  return made === undefined ? undefined : templates.keep(made);
}

/** A template from the general path's extFields for `f`; `undefined` when they hold anything it does not expect. */
function makeTemplate(f: SendV2Fields, envelope: SendV2Sample, order: EncodeOptions): BinaryTemplate | undefined {
  const { code, language, version } = envelope;
  if (!int32(code) || code < -0x8000 || code > 0x7fff || !int32(version) || version < -0x8000 || version > 0x7fff) return undefined;
  if (typeof f.topic !== 'string' || typeof f.brokerName !== 'string') return undefined;
  let ext: Readonly<Record<string, string>>;
  let lang: number;
  try {
    ext = envelope.extFields;
    lang = languageOrdinal(language);
  } catch {
    return undefined;
  }
  const parts: Uint8Array[] = [];
  const slots: number[] = [];
  let fixedLength = 0;
  for (const key of Object.keys(ext)) {
    const value = ext[key]!;
    const slot = SLOT_OF_KEY[key];
    if (slot === undefined && (!CONSTANT_KEYS.has(key) || value.length === 0)) return undefined;
    const keyBytes = Buffer.from(key, 'utf8');
    const valueBytes = slot === undefined ? Buffer.from(value, 'utf8') : undefined;
    const part = Buffer.alloc(2 + keyBytes.length + (valueBytes === undefined ? 0 : 4 + valueBytes.length));
    part.writeInt16BE(keyBytes.length, 0);
    part.set(keyBytes, 2);
    if (valueBytes !== undefined) {
      part.writeInt32BE(valueBytes.length, 2 + keyBytes.length);
      part.set(valueBytes, 6 + keyBytes.length);
    }
    parts.push(new Uint8Array(part));
    slots.push(slot ?? CONSTANT);
    fixedLength += part.length;
  }
  if (slots.filter((s) => s !== CONSTANT).length !== 6) return undefined;
  const lead = new Uint8Array([(code >> 8) & 0xff, code & 0xff, lang, (version >> 8) & 0xff, version & 0xff]);
  return {
    code, topic: f.topic, brokerName: f.brokerName, group: f.producerGroup, defaultTopic: f.defaultTopic, queueNums: f.defaultTopicQueueNums,
    maxReconsumeTimes: f.maxReconsumeTimes, language, version, order, lead, parts, slots: Int8Array.from(slots), fixedLength, last: undefined, misses: 0,
  };
}
