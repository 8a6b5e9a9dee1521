import { consoleLogger, type RocketMQModuleOptions } from '../../index.js';

/** The environment variable that points the samples at a real cluster (`host:port[;host:port]`). */
export const NAMESRV_ENV = 'ROCKETMQ_NAMESRV';

/**
 * The module options every sample starts from: the embedded broker by default, or the cluster named by
 * `ROCKETMQ_NAMESRV`. On a real cluster each run gets its own namespace (`sample-<time>-<random>`), so its topics
 * and groups are new and reruns never see each other's messages; missing topics are created on start.
 */
export function sampleModuleOptions(extra: RocketMQModuleOptions = {}): RocketMQModuleOptions {
  const nameServer = process.env[NAMESRV_ENV]?.trim();
  const base: RocketMQModuleOptions = nameServer
    ? { nameServer, namespace: `sample-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`, autoCreateTopics: true }
    : { embedded: true };
  return { logger: consoleLogger('warn'), ...base, ...extra };
}

/** Where the samples run, for their output. */
export function clusterLabel(): string {
  const nameServer = process.env[NAMESRV_ENV]?.trim();
  return nameServer ? `cluster at ${nameServer}` : 'embedded broker';
}
