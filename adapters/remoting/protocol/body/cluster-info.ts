import { entriesOf } from './fastjson.js';
import { writeFastjson } from './fastjson-writer.js';
import { invalid, parseBodyObject, stringItem } from './fields.js';
import { brokerData, brokerDataBean, type RouteBrokerData } from './route.js';

/**
 * ClusterInfo, the GET_BROKER_CLUSTER_INFO body (shared/protocol §5.2): always fastjson's default form, with bare
 * numeric `brokerAddrs` keys, whatever the request version.
 */
export interface ClusterInfo {
  /** brokerName → BrokerData. */
  brokerAddrTable: Record<string, RouteBrokerData>;
  /** cluster name → broker names. */
  clusterAddrTable: Record<string, string[]>;
}

export function decodeClusterInfo(body: Uint8Array | string): ClusterInfo {
  const o = parseBodyObject(body, 'ClusterInfo');
  const brokerAddrTable: Record<string, RouteBrokerData> = {};
  for (const [name, b] of entriesOf(o.brokerAddrTable ?? {}, 'ClusterInfo.brokerAddrTable')) {
    brokerAddrTable[String(name)] = brokerData(b, `ClusterInfo.brokerAddrTable.${String(name)}`);
  }
  const clusterAddrTable: Record<string, string[]> = {};
  for (const [cluster, names] of entriesOf(o.clusterAddrTable ?? {}, 'ClusterInfo.clusterAddrTable')) {
    const path = `ClusterInfo.clusterAddrTable.${String(cluster)}`;
    if (!Array.isArray(names)) throw invalid(path, names, 'an array');
    clusterAddrTable[String(cluster)] = names.map((n, i) => stringItem(n, `${path}[${i}]`));
  }
  return { brokerAddrTable, clusterAddrTable };
}

/** The body a name server writes (bare-key form; table entries in the given order). */
export function encodeClusterInfo(info: ClusterInfo): Buffer {
  const bean = {
    brokerAddrTable: new Map(Object.entries(info.brokerAddrTable).map(([k, b]) => [k, brokerDataBean(b)])),
    clusterAddrTable: new Map(Object.entries(info.clusterAddrTable)),
  };
  return Buffer.from(writeFastjson(bean), 'utf8');
}
