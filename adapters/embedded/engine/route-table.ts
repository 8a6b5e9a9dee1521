import type { BrokerData, QueueData, TopicRouteData } from '../../../core/ports/route.js';
import type { TopicConfigRecord } from '../store/message-store.js';
import type { DataVersion } from './topic-table.js';

/** What a broker sends to register (REGISTER_BROKER header + `topicConfigSerializeWrapper`). */
export interface BrokerRegistration {
  clusterName: string;
  brokerName: string;
  brokerAddr: string;
  /** 0 = master; slaves' topics are not taken. */
  brokerId: number;
  haServerAddr?: string;
  dataVersion: DataVersion;
  topicConfigs: readonly TopicConfigRecord[];
}

export interface BrokerIdentity {
  clusterName: string;
  brokerName: string;
  brokerAddr: string;
  brokerId: number;
}

/** GET_BROKER_CLUSTER_INFO body (shared/protocol §5.2). */
export interface ClusterInfo {
  brokerAddrTable: Record<string, BrokerData>;
  clusterAddrTable: Record<string, string[]>;
}

interface LiveBroker {
  lastUpdate: number;
  dataVersion: DataVersion;
  haServerAddr: string | undefined;
}

/**
 * The name server's tables (Java `RouteInfoManager`, 4.9.7): cluster → broker names, broker name → addresses by id,
 * topic → queue data per broker, broker address → last registration. Pure data; the `NameServer` adds time.
 */
export class RouteTable {
  private readonly clusters = new Map<string, Set<string>>();
  private readonly brokers = new Map<string, { cluster: string; addrs: Map<number, string> }>();
  private readonly topicQueues = new Map<string, Map<string, QueueData>>();
  private readonly live = new Map<string, LiveBroker>();

  /** Registers (or refreshes) a broker; returns the master's address and HA address for a slave. */
  register(reg: BrokerRegistration, now: number): { masterAddr?: string; haServerAddr?: string } {
    let names = this.clusters.get(reg.clusterName);
    if (names === undefined) this.clusters.set(reg.clusterName, (names = new Set()));
    names.add(reg.brokerName);
    let broker = this.brokers.get(reg.brokerName);
    const first = broker === undefined;
    if (broker === undefined) this.brokers.set(reg.brokerName, (broker = { cluster: reg.clusterName, addrs: new Map() }));
    for (const [id, addr] of broker.addrs) if (addr === reg.brokerAddr && id !== reg.brokerId) broker.addrs.delete(id);
    const oldAddr = broker.addrs.get(reg.brokerId);
    broker.addrs.set(reg.brokerId, reg.brokerAddr);
    const previous = this.live.get(reg.brokerAddr);
    const changed = previous === undefined || previous.dataVersion.counter !== reg.dataVersion.counter || previous.dataVersion.timestamp !== reg.dataVersion.timestamp;
    if (reg.brokerId === 0 && (first || oldAddr === undefined || changed)) {
      for (const cfg of reg.topicConfigs) this.putQueueData(reg.brokerName, cfg);
    }
    this.live.set(reg.brokerAddr, { lastUpdate: now, dataVersion: { ...reg.dataVersion }, haServerAddr: reg.haServerAddr });
    if (reg.brokerId === 0) return {};
    const masterAddr = broker.addrs.get(0);
    if (masterAddr === undefined) return {};
    const ha = this.live.get(masterAddr)?.haServerAddr;
    return { masterAddr, ...(ha !== undefined ? { haServerAddr: ha } : {}) };
  }

  unregister(id: BrokerIdentity): void {
    this.live.delete(id.brokerAddr);
    const broker = this.brokers.get(id.brokerName);
    if (broker === undefined) return;
    if (broker.addrs.get(id.brokerId) === id.brokerAddr) broker.addrs.delete(id.brokerId);
    if (broker.addrs.size > 0) return;
    this.brokers.delete(id.brokerName);
    const names = this.clusters.get(broker.cluster);
    names?.delete(id.brokerName);
    if (names !== undefined && names.size === 0) this.clusters.delete(broker.cluster);
    for (const [topic, queues] of this.topicQueues) {
      queues.delete(id.brokerName);
      if (queues.size === 0) this.topicQueues.delete(topic);
    }
  }

  /** Brokers whose last registration is older than `deadline`. */
  expired(deadline: number): BrokerIdentity[] {
    const out: BrokerIdentity[] = [];
    for (const [brokerName, b] of this.brokers) {
      for (const [brokerId, brokerAddr] of b.addrs) {
        const live = this.live.get(brokerAddr);
        if (live === undefined || live.lastUpdate < deadline) out.push({ clusterName: b.cluster, brokerName, brokerAddr, brokerId });
      }
    }
    return out;
  }

  /** Java `pickupTopicRouteData`: undefined when no broker serves the topic. */
  route(topic: string): TopicRouteData | undefined {
    const queues = this.topicQueues.get(topic);
    if (queues === undefined || queues.size === 0) return undefined;
    const queueDatas = [...queues.values()].sort((a, b) => (a.brokerName < b.brokerName ? -1 : 1)).map((q) => ({ ...q }));
    const brokerDatas = queueDatas.flatMap((q) => {
      const data = this.brokerData(q.brokerName);
      return data === undefined ? [] : [data];
    });
    if (brokerDatas.length === 0) return undefined;
    return { queueDatas, brokerDatas, filterServerTable: {} };
  }

  clusterInfo(): ClusterInfo {
    const brokerAddrTable: Record<string, BrokerData> = {};
    for (const name of this.brokers.keys()) brokerAddrTable[name] = this.brokerData(name)!;
    const clusterAddrTable: Record<string, string[]> = {};
    for (const [cluster, names] of this.clusters) clusterAddrTable[cluster] = [...names];
    return { brokerAddrTable, clusterAddrTable };
  }

  topics(): string[] {
    return [...this.topicQueues.keys()];
  }

  private brokerData(brokerName: string): BrokerData | undefined {
    const b = this.brokers.get(brokerName);
    if (b === undefined) return undefined;
    const brokerAddrs: Record<string, string> = {};
    for (const [id, addr] of [...b.addrs].sort((x, y) => x[0] - y[0])) brokerAddrs[String(id)] = addr;
    return { cluster: b.cluster, brokerName, brokerAddrs };
  }

  private putQueueData(brokerName: string, cfg: TopicConfigRecord): void {
    let queues = this.topicQueues.get(cfg.topicName);
    if (queues === undefined) this.topicQueues.set(cfg.topicName, (queues = new Map()));
    queues.set(brokerName, {
      brokerName,
      readQueueNums: cfg.readQueueNums,
      writeQueueNums: cfg.writeQueueNums,
      perm: cfg.perm,
      topicSysFlag: cfg.topicSysFlag,
    });
  }
}
