import type { ConsumerData, HeartbeatData, SubscriptionData } from '../../../../core/ports/heartbeat.js';
import { javaStringHashCode } from '../../../../core/util/java-hash.js';
import type { JsonValue } from './fastjson.js';
import { writeFastjson } from './fastjson-writer.js';
import { asObject, bool, list, num, numberItem, parseBodyObject, str, stringItem } from './fields.js';
import { javaHashOrder, javaIntHash } from './java-hash-order.js';

export type { ConsumerData, HeartbeatData, SubscriptionData };

/**
 * HeartbeatData, the HEART_BEAT body (shared/protocol §5.3). Written as fastjson does (alphabetical properties, nulls
 * omitted); set-valued fields keep the order given (Java writes its HashSets' order, which for groups and
 * subscriptions depends on identity hashes, so a capture's order is data, not something to recompute).
 */
export interface HeartbeatBody extends HeartbeatData {
  /** 5.x only; leave out (or 0) for v1 semantics. */
  heartbeatFingerprint?: number;
  /** 5.x only. */
  withoutSub?: boolean;
}

export function decodeHeartbeat(body: Uint8Array | string): HeartbeatBody {
  const o = parseBodyObject(body, 'HeartbeatData');
  const out: HeartbeatBody = {
    clientID: str(o, 'clientID', 'HeartbeatData'),
    producerDataSet: list(o, 'producerDataSet', 'HeartbeatData', (v, p) => ({ groupName: str(asObject(v, p), 'groupName', p) })),
    consumerDataSet: list(o, 'consumerDataSet', 'HeartbeatData', consumerData),
  };
  if (o.heartbeatFingerprint !== undefined) out.heartbeatFingerprint = num(o, 'heartbeatFingerprint', 'HeartbeatData');
  if (o.withoutSub !== undefined) out.withoutSub = bool(o, 'withoutSub', 'HeartbeatData');
  return out;
}

function consumerData(v: JsonValue, path: string): ConsumerData {
  const c = asObject(v, path);
  return {
    groupName: str(c, 'groupName', path),
    consumeType: str(c, 'consumeType', path) as ConsumerData['consumeType'],
    messageModel: str(c, 'messageModel', path) as ConsumerData['messageModel'],
    consumeFromWhere: str(c, 'consumeFromWhere', path) as ConsumerData['consumeFromWhere'],
    subscriptionDataSet: list(c, 'subscriptionDataSet', path, subscriptionData),
    unitMode: bool(c, 'unitMode', path),
  };
}

/** A SubscriptionData bean (also in ConsumerRunningInfo). */
export function subscriptionData(v: JsonValue, path: string): SubscriptionData {
  const s = asObject(v, path);
  return {
    topic: str(s, 'topic', path),
    subString: str(s, 'subString', path),
    tagsSet: list(s, 'tagsSet', path, stringItem),
    codeSet: list(s, 'codeSet', path, numberItem),
    subVersion: num(s, 'subVersion', path),
    expressionType: (s.expressionType === undefined ? 'TAG' : str(s, 'expressionType', path)) as SubscriptionData['expressionType'],
    classFilterMode: bool(s, 'classFilterMode', path),
  };
}

export function encodeHeartbeat(data: HeartbeatBody): Buffer {
  return Buffer.from(writeFastjson(data), 'utf8');
}

/**
 * Java's `FilterAPI.buildSubscriptionData`: `*`, empty or missing → all (`"*"`, no tags); otherwise tags split on
 * `||`, trimmed, empties dropped, with their Java hash codes, both in Java `HashSet` iteration order.
 */
export function buildSubscriptionData(topic: string, subString: string | undefined, subVersion: number, expressionType: SubscriptionData['expressionType'] = 'TAG'): SubscriptionData {
  const all = subString === undefined || subString.length === 0 || subString === '*';
  const base = { topic, subString: all ? '*' : subString, subVersion, expressionType, classFilterMode: false };
  if (all || expressionType !== 'TAG') return { ...base, tagsSet: [], codeSet: [] };
  const tags = [...new Set(subString.split('||').map((t) => t.trim()).filter((t) => t.length > 0))];
  const codes = [...new Set(tags.map(javaStringHashCode))];
  return { ...base, tagsSet: javaHashOrder(tags, javaStringHashCode), codeSet: javaHashOrder(codes, javaIntHash) };
}
