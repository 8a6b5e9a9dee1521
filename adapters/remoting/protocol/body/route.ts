import type { MessageQueue } from '../../../../core/message/message-queue.js';
import { MASTER_ID, PERM_READ, PERM_WRITE, type BrokerData, type QueueData, type TopicRouteData } from '../../../../core/ports/route.js';
import { entriesOf, type JsonObject, type JsonValue } from './fastjson.js';
import { writeFastjson } from './fastjson-writer.js';
import { asObject, bool, invalid, list, num, optStr, parseBodyObject, str, stringItem } from './fields.js';
import { javaHashOrder, javaLongHash } from './java-hash-order.js';

export type { BrokerData, QueueData, TopicRouteData };

/**
 * TopicRouteData, the GET_ROUTEINFO_BY_TOPIC body (shared/protocol §5.1), in both forms a name server writes:
 * fastjson's default (bare numeric `brokerAddrs` keys; older name servers, or version < 401) and the standard form
 * (4.9.4+ with version ≥ 401 or `acceptStandardJsonOnly`: quoted, sorted keys, non-ASCII escaped).
 */
export interface RouteBrokerData extends BrokerData {
  /** 5.x. */
  enableActingMaster?: boolean;
  /** 5.x, omitted when null. */
  zoneName?: string;
}

export interface TopicRouteBody extends TopicRouteData {
  brokerDatas: RouteBrokerData[];
  /** 5.x static topics; kept as parsed. */
  topicQueueMappingByBroker?: JsonValue;
}

/** Parses a route body in either form. Broker ids become decimal strings (`"0"` = master). */
export function decodeTopicRoute(body: Uint8Array | string): TopicRouteBody {
  const o = parseBodyObject(body, 'TopicRouteData');
  const route: TopicRouteBody = {
    queueDatas: list(o, 'queueDatas', 'TopicRouteData', queueData),
    brokerDatas: list(o, 'brokerDatas', 'TopicRouteData', brokerData),
  };
  const orderTopicConf = optStr(o, 'orderTopicConf', 'TopicRouteData');
  if (orderTopicConf !== undefined) route.orderTopicConf = orderTopicConf;
  if (o.filterServerTable !== undefined && o.filterServerTable !== null) route.filterServerTable = filterServers(o.filterServerTable);
  if (o.topicQueueMappingByBroker !== undefined && o.topicQueueMappingByBroker !== null) route.topicQueueMappingByBroker = o.topicQueueMappingByBroker;
  return route;
}

/** Same as {@link decodeTopicRoute}. */
export const decodeTopicRouteData = decodeTopicRoute;

function queueData(v: JsonValue, path: string): QueueData {
  const q = asObject(v, path);
  return {
    brokerName: str(q, 'brokerName', path),
    readQueueNums: num(q, 'readQueueNums', path),
    writeQueueNums: num(q, 'writeQueueNums', path),
    perm: num(q, 'perm', path),
    topicSysFlag: num(q, 'topicSysFlag', path),
  };
}

/** A BrokerData bean (also used by ClusterInfo). */
export function brokerData(v: JsonValue, path: string): RouteBrokerData {
  const b = asObject(v, path);
  const out: RouteBrokerData = { cluster: str(b, 'cluster', path), brokerName: str(b, 'brokerName', path), brokerAddrs: brokerAddrs(b, path) };
  if (b.enableActingMaster !== undefined) out.enableActingMaster = bool(b, 'enableActingMaster', path);
  const zone = optStr(b, 'zoneName', path);
  if (zone !== undefined) out.zoneName = zone;
  return out;
}

function brokerAddrs(b: JsonObject, path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, addr] of entriesOf(b.brokerAddrs ?? {}, `${path}.brokerAddrs`)) {
    if (typeof id !== 'string' || !/^-?\d+$/.test(id)) throw invalid(`${path}.brokerAddrs`, id, 'keyed by broker id');
    out[id] = stringItem(addr, `${path}.brokerAddrs.${id}`);
  }
  return out;
}

function filterServers(v: JsonValue): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [addr, servers] of entriesOf(v, 'TopicRouteData.filterServerTable')) {
    const path = `TopicRouteData.filterServerTable.${String(addr)}`;
    if (!Array.isArray(servers)) throw invalid(path, servers, 'an array');
    out[String(addr)] = servers.map((s, i) => stringItem(s, `${path}[${i}]`));
  }
  return out;
}

export interface EncodeRouteOptions {
  /** Standard JSON (4.9.4+ for version ≥ 401) rather than fastjson's bare-key default. */
  standard: boolean;
}

/** The route body a 4.9.x name server writes for this route, in either form. */
export function encodeTopicRoute(route: TopicRouteBody, opts: EncodeRouteOptions): Buffer {
  const bean = {
    brokerDatas: route.brokerDatas.map(brokerDataBean),
    filterServerTable: new Map(Object.entries(route.filterServerTable ?? {})),
    orderTopicConf: route.orderTopicConf,
    queueDatas: route.queueDatas.map((q) => ({ ...q })),
    topicQueueMappingByBroker: route.topicQueueMappingByBroker,
  };
  return Buffer.from(writeFastjson(bean, { standard: opts.standard }), 'utf8');
}

/**
 * A BrokerData as a bean for the writer: `brokerAddrs` becomes a map keyed by numeric broker ids, in the order of
 * Java's `HashMap<Long, String>` (the standard form sorts it anyway).
 */
export function brokerDataBean(b: RouteBrokerData): Record<string, unknown> {
  const ids = Object.keys(b.brokerAddrs).map(Number);
  const ordered = javaHashOrder(ids, javaLongHash);
  return { ...b, brokerAddrs: new Map(ordered.map((id) => [id, b.brokerAddrs[String(id)]])) };
}

/**
 * The Java producer's queue list for a topic (`topicRouteData2TopicPublishInfo`): from `orderTopicConf`
 * (`"brokerA:4;brokerB:4"`) when set; else, for queue data sorted by broker name, writable ones whose broker has a
 * master, queues `0..writeQueueNums-1`.
 */
export function publishQueues(route: TopicRouteData, topic: string): MessageQueue[] {
  if (route.orderTopicConf !== undefined && route.orderTopicConf.length > 0) return orderTopicQueues(route.orderTopicConf, topic);
  const out: MessageQueue[] = [];
  const sorted = [...route.queueDatas].sort((a, b) => (a.brokerName < b.brokerName ? -1 : a.brokerName > b.brokerName ? 1 : 0));
  for (const qd of sorted) {
    if ((qd.perm & PERM_WRITE) === 0) continue;
    const broker = route.brokerDatas.find((b) => b.brokerName === qd.brokerName);
    if (broker === undefined || broker.brokerAddrs[MASTER_ID] === undefined) continue;
    for (let i = 0; i < qd.writeQueueNums; i++) out.push({ topic, brokerName: qd.brokerName, queueId: i });
  }
  return out;
}

/** True when the producer would treat the topic as ordered (its route has `orderTopicConf`). */
export function isOrderTopic(route: TopicRouteData): boolean {
  return route.orderTopicConf !== undefined && route.orderTopicConf.length > 0;
}

function orderTopicQueues(conf: string, topic: string): MessageQueue[] {
  const out: MessageQueue[] = [];
  for (const item of conf.split(';')) {
    const [brokerName, count, ...rest] = item.split(':');
    const n = Number(count);
    if (brokerName === undefined || brokerName.length === 0 || rest.length > 0 || !Number.isInteger(n) || n < 0) {
      throw invalid('TopicRouteData.orderTopicConf', conf, '"brokerName:queueNum;…"');
    }
    for (let i = 0; i < n; i++) out.push({ topic, brokerName, queueId: i });
  }
  return out;
}

/** The Java consumer's queue list (`topicRouteData2TopicSubscribeInfo`): readable queue data in route order. */
export function subscribeQueues(route: TopicRouteData, topic: string): MessageQueue[] {
  const out: MessageQueue[] = [];
  for (const qd of route.queueDatas) {
    if ((qd.perm & PERM_READ) === 0) continue;
    for (let i = 0; i < qd.readQueueNums; i++) out.push({ topic, brokerName: qd.brokerName, queueId: i });
  }
  return out;
}
