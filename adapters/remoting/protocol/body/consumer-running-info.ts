import type { ConsumerRunningInfoData } from '../../../../core/ports/broker-port.js';
import { entriesOf, type JsonValue } from './fastjson.js';
import { JavaDouble, writeFastjson } from './fastjson-writer.js';
import { asObject, invalid, list, optStr, parseBodyObject, stringItem } from './fields.js';
import { subscriptionData } from './heartbeat.js';
import { queueKeyedEntries, queueKeyedMap } from './message-queue-json.js';

export type { ConsumerRunningInfoData };

/**
 * ConsumerRunningInfo, the client's answer to GET_CONSUMER_RUNNING_INFO (shared/protocol §5.6), written the way a
 * Java client's fastjson writes it, so admin tools read it: `mqTable` keyed by MessageQueue objects, ProcessQueueInfo
 * and status beans in alphabetical order, the `statusTable` rates as Java doubles (`0.0`), `properties` in the order
 * given.
 */
export interface ConsumerRunningInfoBody extends ConsumerRunningInfoData {
  jstack?: string;
}

/** ConsumeStatus fields that are Java doubles (the rest, `consumeFailedMsgs`, is a long). */
const DOUBLE_STATUS_FIELDS: ReadonlySet<string> = new Set(['pullRT', 'pullTPS', 'consumeRT', 'consumeOKTPS', 'consumeFailedTPS']);

export function encodeConsumerRunningInfo(info: ConsumerRunningInfoBody): Buffer {
  const bean = {
    jstack: info.jstack,
    mqTable: queueKeyedMap(info.mqTable.map((e) => ({ queue: e.queue, value: { ...e.info } }))),
    properties: new Map(Object.entries(info.properties)),
    statusTable: new Map(Object.entries(info.statusTable).map(([topic, status]) => [topic, statusBean(status)])),
    subscriptionSet: info.subscriptionSet,
  };
  return Buffer.from(writeFastjson(bean), 'utf8');
}

function statusBean(status: Record<string, number>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(status)) out[k] = DOUBLE_STATUS_FIELDS.has(k) ? new JavaDouble(v) : v;
  return out;
}

export function decodeConsumerRunningInfo(body: Uint8Array | string): ConsumerRunningInfoBody {
  const what = 'ConsumerRunningInfo';
  const o = parseBodyObject(body, what);
  const out: ConsumerRunningInfoBody = {
    properties: stringMap(o.properties, `${what}.properties`),
    subscriptionSet: list(o, 'subscriptionSet', what, subscriptionData),
    mqTable: queueKeyedEntries(o.mqTable ?? {}, `${what}.mqTable`, processQueueInfo).map((e) => ({ queue: e.queue, info: e.value })),
    statusTable: Object.fromEntries(entriesOf(o.statusTable ?? {}, `${what}.statusTable`).map(([k, v]) => [String(k), numberMap(v, `${what}.statusTable.${String(k)}`)])),
  };
  const jstack = optStr(o, 'jstack', what);
  if (jstack !== undefined) out.jstack = jstack;
  return out;
}

function stringMap(v: JsonValue | undefined, path: string): Record<string, string> {
  return Object.fromEntries(entriesOf(v ?? {}, path).map(([k, x]) => [String(k), stringItem(x, `${path}.${String(k)}`)]));
}

function numberMap(v: JsonValue, path: string): Record<string, number> {
  return Object.fromEntries(
    entriesOf(asObject(v, path), path).map(([k, x]) => {
      if (typeof x !== 'number') throw invalid(`${path}.${String(k)}`, x, 'a number');
      return [String(k), x];
    }),
  );
}

function processQueueInfo(v: JsonValue, path: string): Record<string, number | boolean> {
  return Object.fromEntries(
    entriesOf(asObject(v, path), path).map(([k, x]) => {
      if (typeof x !== 'number' && typeof x !== 'boolean') throw invalid(`${path}.${String(k)}`, x, 'a number or boolean');
      return [String(k), x];
    }),
  );
}
