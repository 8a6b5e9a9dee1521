import { consoleLogger, type EmbeddedBrokerOptions, type RocketMQModuleOptions } from '../../index.js';

/** The environment variable that points the samples at a real cluster (`host:port[;host:port]`). */
export const NAMESRV_ENV = 'ROCKETMQ_NAMESRV';

/** Where one run of a sample goes: the embedded broker, or the cluster named by `ROCKETMQ_NAMESRV`. */
export interface SampleCluster {
  /** The real cluster's name servers, or undefined for the embedded broker. */
  readonly nameServer: string | undefined;
  /** Isolates this run on a real cluster (fresh topics and groups); undefined on the embedded broker. */
  readonly namespace: string | undefined;
  readonly label: string;
  /** How long to wait for things that depend on broker timing (retries, check-backs): longer on a real cluster. */
  readonly patienceMs: number;
  /**
   * Module options for this run: the embedded broker (with `embedded` options) by default; on a real cluster its
   * name servers, this run's namespace and topic creation on start.
   */
  moduleOptions(extra?: RocketMQModuleOptions & { embedded?: EmbeddedBrokerOptions }): RocketMQModuleOptions;
  /** Module options for a second app joining the name server a first app uses (same namespace). */
  joinOptions(nameServer: string, extra?: RocketMQModuleOptions): RocketMQModuleOptions;
}

/** Picks the cluster for one run of a sample (call once per run, share it between the run's apps). */
export function sampleCluster(): SampleCluster {
  const nameServer = process.env[NAMESRV_ENV]?.trim() || undefined;
  const namespace = nameServer ? `sample-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}` : undefined;
  const common: RocketMQModuleOptions = { logger: consoleLogger('warn') };
  return {
    nameServer,
    namespace,
    label: nameServer ? `the cluster at ${nameServer} (namespace ${namespace})` : 'the embedded broker',
    patienceMs: nameServer ? 180_000 : 30_000,
    moduleOptions(extra = {}) {
      const { embedded, ...rest } = extra;
      if (nameServer) return { ...common, nameServer, namespace, autoCreateTopics: true, ...rest };
      return { ...common, embedded: embedded ?? true, ...rest };
    },
    joinOptions(address, extra = {}) {
      return { ...common, nameServer: address, ...(namespace ? { namespace, autoCreateTopics: true } : {}), ...extra };
    },
  };
}
