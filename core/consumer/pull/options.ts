/**
 * Options of the pull consumer (Java `DefaultLitePullConsumer`, 4.9.x): the defaults, their checks and the resolver.
 * They live here rather than in `core/defaults.ts` because the lite pull consumer has its own values (pull batch 10,
 * long-poll suspend 20 s, …); the shared client options and their checks come from `core/defaults.ts`.
 */
import { CLIENT_DEFAULTS, CONSUME_TIMESTAMP_LOOKBACK_MS, DEFAULT_CONSUMER_GROUP } from '../../defaults.js';
import { CLIENT_RULES } from '../../options/option-rules.js';
import { type OptionRule, type OptionSchema, resolveWithSchema } from '../../options/option-schema.js';
import type { ResolvedClientOptions } from '../../options/option-types.js';
import type { ConsumeFromWhere } from '../../ports/heartbeat.js';
import type { AllocateStrategy } from '../../strategies/allocate/allocate-strategy.js';
import { allocateAveragely } from '../../strategies/allocate/averagely.js';
import { validateGroup } from '../../validation/names.js';
import { ValidationError } from '../../validation/validation-error.js';

const MiB = 1024 * 1024;
const INT32_MAX = 0x7fffffff;

/** Pull consumer settings (Java `DefaultLitePullConsumer`) plus the client's. */
export interface ResolvedPullConsumerOptions extends ResolvedClientOptions {
  readonly group: string;
  /** Where a queue with no committed offset starts. */
  readonly consumeFromWhere: ConsumeFromWhere;
  /** Start time (ms) for CONSUME_FROM_TIMESTAMP; default 30 minutes before the options were resolved. */
  readonly consumeTimestamp: number;
  /** Subscribe mode: how the group's queues are split between its clients. */
  readonly allocateStrategy: AllocateStrategy;
  /** Most messages asked for by one pull (Java 10 for lite pull). */
  readonly pullBatchSize: number;
  /** Pulls of every queue wait while this many messages are buffered in total (checked before each pull). */
  readonly pullThresholdForAll: number;
  /** Most messages buffered for one queue; a pull asks for no more than the room left. */
  readonly pullThresholdForQueue: number;
  /** A queue's pulls wait while this many body bytes are buffered for it (a pull may overshoot by one batch). */
  readonly pullThresholdBytesForQueue: number;
  /** A queue's pulls wait while its buffered offsets span more than this. */
  readonly consumeMaxSpan: number;
  /** What `poll()` waits for at most when no message is buffered. */
  readonly pollTimeoutMs: number;
  /** Commit what was polled every `autoCommitIntervalMs` and at shutdown. */
  readonly autoCommit: boolean;
  readonly autoCommitIntervalMs: number;
  /** How long the broker may hold a long-polled pull (Java `brokerSuspendMaxTimeMillis`). */
  readonly brokerSuspendMaxTimeMs: number;
  /** RPC timeout of a long-polled pull (Java `consumerTimeoutMillisWhenSuspend`); longer than the suspend time. */
  readonly pullTimeoutMs: number;
  /** How long a queue waits before pulling again after a failed pull (Java `pullTimeDelayMillsWhenException`). */
  readonly pullDelayOnErrorMs: number;
  /** Subscribe mode: how often the queues are allocated again (also on NOTIFY_CONSUMER_IDS_CHANGED). */
  readonly rebalanceIntervalMs: number;
  /** Codec (registered name) for messages whose producer recorded none. */
  readonly fallbackCodec: string;
}

type Partialize<T> = { -readonly [K in keyof T]?: T[K] };

/** What a user passes for a pull consumer: `group` is required, the rest optional. */
export type PullConsumerOptions = Partialize<ResolvedPullConsumerOptions> & { group: string };

/** Java `DefaultLitePullConsumer` defaults (without `group`, which is required, and the start timestamp). */
export const PULL_CONSUMER_DEFAULTS: Omit<ResolvedPullConsumerOptions, 'group' | 'consumeTimestamp'> = Object.freeze({
  ...CLIENT_DEFAULTS,
  consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET',
  allocateStrategy: allocateAveragely,
  pullBatchSize: 10,
  pullThresholdForAll: 10_000,
  pullThresholdForQueue: 1_000,
  pullThresholdBytesForQueue: 100 * MiB,
  consumeMaxSpan: 2_000,
  pollTimeoutMs: 5_000,
  autoCommit: true,
  autoCommitIntervalMs: 5_000,
  brokerSuspendMaxTimeMs: 20_000,
  pullTimeoutMs: 30_000,
  pullDelayOnErrorMs: 1_000,
  rebalanceIntervalMs: 20_000,
  fallbackCodec: 'raw',
});

/** Java's lower bound of `autoCommitIntervalMillis`. */
export const MIN_AUTO_COMMIT_INTERVAL_MS = 1_000;

const ms = (min = 1): OptionRule => ({ type: 'int', min, max: INT32_MAX });
const int = (min: number, max: number): OptionRule => ({ type: 'int', min, max });

/** Checks of the pull consumer options. */
export const PULL_CONSUMER_RULES: OptionSchema<ResolvedPullConsumerOptions> = {
  ...CLIENT_RULES,
  group: { type: 'string' },
  consumeFromWhere: { type: 'enum', values: ['CONSUME_FROM_LAST_OFFSET', 'CONSUME_FROM_FIRST_OFFSET', 'CONSUME_FROM_TIMESTAMP'] },
  consumeTimestamp: int(0, Number.MAX_SAFE_INTEGER),
  allocateStrategy: { type: 'function' },
  pullBatchSize: int(1, 1024),
  pullThresholdForAll: int(1, INT32_MAX),
  pullThresholdForQueue: int(1, 65535),
  pullThresholdBytesForQueue: int(1, 1024 * MiB),
  consumeMaxSpan: int(1, 65535),
  pollTimeoutMs: ms(0),
  autoCommit: { type: 'boolean' },
  autoCommitIntervalMs: ms(MIN_AUTO_COMMIT_INTERVAL_MS),
  brokerSuspendMaxTimeMs: ms(),
  pullTimeoutMs: ms(),
  pullDelayOnErrorMs: ms(0),
  rebalanceIntervalMs: ms(),
  fallbackCodec: { type: 'string', pattern: /^[A-Za-z0-9._+-]{1,64}$/, describe: 'a codec name' },
};

/**
 * Merges pull consumer options over {@link PULL_CONSUMER_DEFAULTS}; `group` is required. `now` (ms) anchors the
 * default `consumeTimestamp`. Throws `ValidationError` naming the option and the reason.
 */
export function resolvePullConsumerOptions(partial: PullConsumerOptions, now: number = Date.now()): ResolvedPullConsumerOptions {
  const defaults = { ...PULL_CONSUMER_DEFAULTS, group: undefined, consumeTimestamp: now - CONSUME_TIMESTAMP_LOOKBACK_MS };
  const o = resolveWithSchema('pullConsumer', partial, defaults as unknown as ResolvedPullConsumerOptions, PULL_CONSUMER_RULES);
  validateGroup(o.group, 'pullConsumer.group');
  if (o.group === DEFAULT_CONSUMER_GROUP) {
    throw new ValidationError('invalid-option', 'pullConsumer.group', o.group, `must not be ${DEFAULT_CONSUMER_GROUP}, choose your own group`);
  }
  if (o.brokerSuspendMaxTimeMs >= o.pullTimeoutMs) {
    throw new ValidationError('invalid-option', 'pullConsumer.pullTimeoutMs', o.pullTimeoutMs, 'must be longer than brokerSuspendMaxTimeMs');
  }
  return o;
}
