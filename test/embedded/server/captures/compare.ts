/**
 * Field-for-field comparison of our response with the real broker's: code, flag, serialization, version, language,
 * remark, whether there is a header map and its key set, every header value, whether there is a body, and the body.
 * Equal everywhere except values that cannot be, because they carry the broker's address, commit log or clock:
 * - header values: `msgId` of send answers (offset message ids: store host + commit-log offset), the
 *   `indexLastUpdate*` pair of QUERY_MESSAGE, GET_EARLIEST_MSG_STORETIME's `timestamp`, and the `queueOffset` of a
 *   half message (the real RMQ_SYS_TRANS_HALF_TOPIC held earlier runs' messages);
 * - stored records (pull, query, view bodies): compared field by field — topic, queue id, queue offset, sysFlag,
 *   flag, reconsume times, record size, body bytes, every property and the properties string itself (its order is
 *   the real broker's Java HashMap order; offset-id values set aside) — but not the commit-log offset, store time,
 *   store host, born host (the client's port) and offset message id; born time is compared after the replay's clock
 *   shift; `ORIGIN_MESSAGE_ID` (an offset message id) is compared by presence; `preparedTransactionOffset` through
 *   the replay's map from the real commit-log offsets to ours;
 * - route and cluster bodies: the same text once the broker address is replaced on both sides;
 * - other JSON bodies (consumer lists, lock answers): the same structure (keys and types), since their values
 *   (client ids, queues granted) depend on which replayed connections are still open.
 */
import type { RemotingCommand } from '../../../../adapters/remoting/protocol/command.js';
import { RequestCode } from '../../../../adapters/remoting/protocol/codes.js';
import { KeyedEntries, parseFastjson, type JsonValue } from '../../../../adapters/remoting/protocol/body/fastjson.js';
import { decodeProperties, NAME_VALUE_SEPARATOR, PROPERTY_SEPARATOR } from '../../../../adapters/remoting/protocol/message/properties.js';
import { decodeStoredMessages, type DecodedMessage } from '../../../../adapters/remoting/protocol/message/stored-message.js';
import { hasRecords, isSend } from './translate.js';

/** The real broker's address in the captures. */
export const CAPTURED_BROKER = '127.0.0.1:10911';

/**
 * Response header values that differ by necessity: offset message ids carry the store host and commit-log offset;
 * the index header the commit-log offset and time of the last index update; the earliest store time is a time.
 */
export const MAY_DIFFER: Readonly<Record<number, readonly string[]>> = {
  [RequestCode.SEND_MESSAGE]: ['msgId'],
  [RequestCode.SEND_MESSAGE_V2]: ['msgId'],
  [RequestCode.SEND_BATCH_MESSAGE]: ['msgId'],
  [RequestCode.QUERY_MESSAGE]: ['indexLastUpdatePhyoffset', 'indexLastUpdateTimestamp'],
  [RequestCode.GET_EARLIEST_MSG_STORETIME]: ['timestamp'],
};

/** Stored-record properties whose values are offset message ids of the broker that wrote them. */
const ID_PROPERTIES = new Set(['ORIGIN_MESSAGE_ID']);

export interface CompareOptions {
  /** Our broker's address (replaces the captured one in JSON bodies before comparing). */
  address: string;
  /** Added to captured born timestamps (the replay shifted them to our clock). */
  shiftMs: number;
  /**
   * Queue offsets in send answers may differ: the request stored a half message, and the real broker's
   * RMQ_SYS_TRANS_HALF_TOPIC already held messages from earlier runs.
   */
  halfMessage: boolean;
  /** Our commit-log offset of the message the real broker stored at `real`, when the replay has seen it. */
  physical: (real: number) => number | undefined;
}

/** Every difference between the real broker's answer and ours, as readable lines; [] when they match. */
export function compareResponses(request: RemotingCommand, theirs: RemotingCommand, ours: RemotingCommand, o: CompareOptions): string[] {
  const out: string[] = [];
  const same = (what: string, a: unknown, b: unknown) => {
    if (a !== b) out.push(`${what}: real ${JSON.stringify(a)}, ours ${JSON.stringify(b)}`);
  };
  for (const field of ['code', 'flag', 'serializeType', 'version', 'language', 'remark'] as const) same(field, theirs[field], ours[field]);
  same('has extFields', theirs.extFields !== undefined, ours.extFields !== undefined);
  same('ext keys', keys(theirs.extFields), keys(ours.extFields));
  const free = new Set(MAY_DIFFER[request.code] ?? []);
  if (o.halfMessage) free.add('queueOffset');
  for (const [k, v] of Object.entries(theirs.extFields ?? {})) if (!free.has(k) && ours.extFields?.[k] !== undefined) same(`ext ${k}`, v, ours.extFields[k]);
  same('has body', theirs.body !== undefined, ours.body !== undefined);
  if (theirs.body !== undefined && ours.body !== undefined) out.push(...compareBodies(request, theirs.body, ours.body, o));
  return out;
}

function keys(ext: Record<string, string> | undefined): string {
  return Object.keys(ext ?? {}).sort().join(',');
}

function compareBodies(request: RemotingCommand, theirs: Buffer, ours: Buffer, o: CompareOptions): string[] {
  if (hasRecords(request.code)) return compareRecords(decodeStoredMessages(theirs), decodeStoredMessages(ours), o);
  if (isSend(request.code)) return [];
  const real = theirs.toString('utf8').split(CAPTURED_BROKER).join('<broker>');
  const mine = ours.toString('utf8').split(o.address).join('<broker>');
  // Route and cluster bodies: the same text once the broker address is set aside. Others: the same structure.
  if (request.code === RequestCode.GET_ROUTEINFO_BY_TOPIC || request.code === RequestCode.GET_BROKER_CLUSTER_INFO) {
    return real === mine ? [] : [`body: real ${real}, ours ${mine}`];
  }
  const a = shape(parseFastjson(real));
  const b = shape(parseFastjson(mine));
  return a === b ? [] : [`body structure: real ${a}, ours ${b}`];
}

/** A JSON value's structure: types, object keys, and the structure of array elements (values left out). */
export function shape(v: JsonValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${[...new Set(v.map(shape))].sort().join('|')}]`;
  if (v instanceof KeyedEntries) return `{${[...new Set(v.entries.map(([k, x]) => `${shape(k)}:${shape(x)}`))].sort().join(',')}}`;
  if (typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${k}:${shape(v[k]!)}`).join(',')}}`;
  return typeof v;
}

function compareRecords(theirs: DecodedMessage[], ours: DecodedMessage[], o: CompareOptions): string[] {
  if (theirs.length !== ours.length) return [`message count: real ${theirs.length}, ours ${ours.length}`];
  return theirs.flatMap((t, i) => {
    const m = ours[i]!;
    const out: string[] = [];
    const same = (what: string, a: unknown, b: unknown) => {
      if (a !== b) out.push(`message ${i} ${what}: real ${JSON.stringify(a)}, ours ${JSON.stringify(b)}`);
    };
    for (const f of ['topic', 'queueId', 'queueOffset', 'sysFlag', 'flag', 'reconsumeTimes', 'storeSize'] as const) same(f, t[f], m[f]);
    same('bornTimestamp', t.bornTimestamp + o.shiftMs, m.bornTimestamp);
    same('body', t.body.toString('base64'), m.body.toString('base64'));
    same('property names', keys(t.properties), keys(m.properties));
    for (const [k, v] of Object.entries(t.properties)) if (!ID_PROPERTIES.has(k) && m.properties[k] !== undefined) same(`property ${k}`, v, m.properties[k]);
    // The string itself: names in the real broker's (Java HashMap) order, values, separators; offset ids set aside.
    same('properties string', comparableProperties(t.propertiesString), comparableProperties(m.propertiesString));
    // A committed transaction message points at its half message: the same one, at our offset for it.
    const half = o.physical(t.preparedTransactionOffset);
    if (t.preparedTransactionOffset > 0 && half !== undefined) same('preparedTransactionOffset (mapped)', half, m.preparedTransactionOffset);
    return out;
  });
}

/** A stored properties string made readable (U+0001 → `=`, U+0002 → ` | `), the values of `ID_PROPERTIES` replaced. */
export function comparableProperties(text: string): string {
  return text.split(PROPERTY_SEPARATOR).map((pair) => {
    const sep = pair.indexOf(NAME_VALUE_SEPARATOR);
    const name = sep < 0 ? pair : pair.slice(0, sep);
    return sep < 0 ? pair : `${name}=${ID_PROPERTIES.has(name) ? '<offset id>' : pair.slice(sep + 1)}`;
  }).join(' | ');
}

/** Whether a send request stores a half message (its properties say TRAN_MSG=true). */
export function isHalfMessage(request: RemotingCommand): boolean {
  if (!isSend(request.code)) return false;
  return decodeProperties(request.extFields?.['i'] ?? request.extFields?.['properties'] ?? '')['TRAN_MSG'] === 'true';
}
