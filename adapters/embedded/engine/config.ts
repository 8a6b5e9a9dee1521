import { parseSocketAddress } from '../../remoting/protocol/message/ip.js';
import { EngineError } from './errors.js';

/** Every broker option, Java defaults unless noted (shared/protocol §8.3, §8.9–8.11). */
export interface BrokerConfig {
  brokerName: string;
  clusterName: string;
  /** 0 = master. */
  brokerId: number;
  /** `ip:port` clients reach this broker at (STOREHOST of every message, offset message ids). */
  brokerAddr: string;
  /** Region id sent back on send responses (`MSG_REGION`). */
  regionId: string;
  /** `TRACE_ON` on send responses. */
  traceOn: boolean;
  /** Queues of a topic created through `createTopic` without counts (4; the CLI's `--queues` option). */
  defaultQueueNums: number;
  /**
   * Read/write queues of the auto-create template TBW102 (Java `defaultTopicQueueNums` 8). A topic auto-created on
   * send gets min(the request's defaultTopicQueueNums, this).
   */
  defaultTopicQueueNums: number;
  autoCreateTopicEnable: boolean;
  autoCreateSubscriptionGroup: boolean;
  /** Largest accepted message body in bytes (4 MiB). */
  maxMessageSize: number;
  /** `messageDelayLevel`, e.g. `"1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h"`. */
  messageDelayLevel: string;
  /** First transaction check after this long (6 s). */
  transactionTimeoutMs: number;
  /** Checker period (60 s). */
  transactionCheckIntervalMs: number;
  /** Checks per half message before it is discarded (15). */
  transactionCheckMax: number;
  /** Broker-side queue lock expiry (60 s). */
  lockExpiryMs: number;
  /** Re-check period of parked pulls (5 s). */
  longPollRecheckMs: number;
  /** A client silent for this long is dropped (120 s); scanned every `channelScanIntervalMs` (10 s). */
  channelExpiryMs: number;
  channelScanIntervalMs: number;
  /** Reconsume limit of auto-created subscription groups (16). */
  retryMaxTimes: number;
  /** Bytes and messages one pull answer carries at most (Java in-memory transfer limits: 256 KiB, 32). */
  maxTransferBytesPerPull: number;
  maxTransferCountPerPull: number;
  /** QUERY_MESSAGE: at most this many results (`maxMsgsNumBatch` 64); unique-key queries use `defaultQueryMaxNum` 32. */
  maxQueryResults: number;
  defaultQueryMaxNum: number;
  /** Entries kept in the key index (KEYS/UNIQ_KEY → physical offset); the oldest are forgotten beyond it. */
  maxIndexEntries: number;
  /** Name-server registration period (30 s). */
  registerPeriodMs: number;
}

export const DEFAULT_BROKER_CONFIG: Readonly<BrokerConfig> = Object.freeze({
  brokerName: 'broker-a',
  clusterName: 'DefaultCluster',
  brokerId: 0,
  brokerAddr: '127.0.0.1:10911',
  regionId: 'DefaultRegion',
  traceOn: true,
  defaultQueueNums: 4,
  defaultTopicQueueNums: 8,
  autoCreateTopicEnable: true,
  autoCreateSubscriptionGroup: true,
  maxMessageSize: 4 * 1024 * 1024,
  messageDelayLevel: '1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h',
  transactionTimeoutMs: 6_000,
  transactionCheckIntervalMs: 60_000,
  transactionCheckMax: 15,
  lockExpiryMs: 60_000,
  longPollRecheckMs: 5_000,
  channelExpiryMs: 120_000,
  channelScanIntervalMs: 10_000,
  retryMaxTimes: 16,
  maxTransferBytesPerPull: 256 * 1024,
  maxTransferCountPerPull: 32,
  maxQueryResults: 64,
  defaultQueryMaxNum: 32,
  maxIndexEntries: 1_000_000,
  registerPeriodMs: 30_000,
});

/** A validated configuration plus values derived from it. */
export interface ResolvedBrokerConfig extends Readonly<BrokerConfig> {
  /** Delay of level n at index n − 1, in ms. */
  readonly delayLevelsMs: readonly number[];
}

const POSITIVE_INT_KEYS = [
  'defaultQueueNums', 'defaultTopicQueueNums', 'maxMessageSize', 'transactionTimeoutMs', 'transactionCheckIntervalMs',
  'transactionCheckMax', 'lockExpiryMs', 'longPollRecheckMs', 'channelExpiryMs', 'channelScanIntervalMs',
  'maxTransferBytesPerPull', 'maxTransferCountPerPull', 'maxQueryResults', 'defaultQueryMaxNum', 'maxIndexEntries',
  'registerPeriodMs',
] as const satisfies readonly (keyof BrokerConfig)[];

/** Defaults overlaid with `overrides`, validated eagerly: a bad option throws `invalid-config` naming it. */
export function resolveBrokerConfig(overrides: Partial<BrokerConfig> = {}): ResolvedBrokerConfig {
  const config: BrokerConfig = { ...DEFAULT_BROKER_CONFIG, ...overrides };
  for (const key of POSITIVE_INT_KEYS) requirePositiveInt(key, config[key]);
  if (!Number.isInteger(config.brokerId) || config.brokerId < 0) invalid('brokerId', config.brokerId, 'a non-negative integer');
  if (!Number.isInteger(config.retryMaxTimes) || config.retryMaxTimes < 0) invalid('retryMaxTimes', config.retryMaxTimes, 'a non-negative integer');
  for (const key of ['brokerName', 'clusterName', 'regionId'] as const) {
    if (typeof config[key] !== 'string' || config[key].length === 0) invalid(key, config[key], 'a non-empty string');
  }
  if (typeof config.brokerAddr !== 'string' || !isStoreHost(config.brokerAddr)) {
    invalid('brokerAddr', config.brokerAddr, 'an `ip:port`, IPv6 in brackets (an IP address: it is the STOREHOST of every record)');
  }
  return Object.freeze({ ...config, delayLevelsMs: Object.freeze(parseDelayLevels(config.messageDelayLevel)) });
}

/** `"1s 5s 1m 2h 1d"` → ms per level; throws `invalid-config` on a malformed entry. */
export function parseDelayLevels(text: string): number[] {
  const unit: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  const parts = String(text).trim().split(/\s+/).filter((p) => p.length > 0);
  if (parts.length === 0) invalid('messageDelayLevel', text, 'at least one level such as "1s"');
  return parts.map((p) => {
    const m = /^(\d+)([smhd])$/.exec(p);
    if (m === null) invalid('messageDelayLevel', text, `entries like "10s", "5m", "2h" (got "${p}")`);
    return Number(m[1]) * unit[m[2]!]!;
  });
}

function requirePositiveInt(key: string, value: unknown): void {
  if (!Number.isInteger(value) || (value as number) <= 0) invalid(key, value, 'a positive integer');
}

/** An IP `ip:port` with an IPv6 host bracketed (`[::1]:10911`), the form `parseAddress` reads. */
function isStoreHost(addr: string): boolean {
  if (parseSocketAddress(addr) === undefined) return false;
  const host = addr.slice(0, addr.lastIndexOf(':'));
  return !host.includes(':') || (host.startsWith('[') && host.endsWith(']'));
}

function invalid(option: string, value: unknown, expected: string): never {
  throw new EngineError('invalid-config', `broker option ${option} must be ${expected}`, { option, value });
}
