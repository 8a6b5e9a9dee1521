/** The pull consumer (Java `DefaultLitePullConsumer`): its facade, options, events and errors. */
export { PullConsumer, type PullConsumerRuntime } from './pull-consumer.js';
export {
  MIN_AUTO_COMMIT_INTERVAL_MS,
  PULL_CONSUMER_DEFAULTS,
  PULL_CONSUMER_RULES,
  resolvePullConsumerOptions,
  type PullConsumerOptions,
  type ResolvedPullConsumerOptions,
} from './options.js';
export type { PullConsumerEvent } from './events.js';
export { PullConsumerError, type PullConsumerErrorKind } from './errors.js';
export type { PullConsumerState } from './lifecycle.js';
export { LITE_PULL_FLAG, LITE_PULL_SYS_FLAG } from './lite-pull-request.js';
