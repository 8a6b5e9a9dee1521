import type { MessageQueue } from '../../message/message-queue.js';
import type { PullRequest } from '../../ports/broker-port.js';
import type { SubscriptionData } from '../../ports/heartbeat.js';

/** Pull sysFlag bits (shared/protocol §4.2). */
export const PullSysFlag = Object.freeze({ COMMIT_OFFSET: 0x1, SUSPEND: 0x2, SUBSCRIPTION: 0x4, CLASS_FILTER: 0x8 });

/** What one long-polling pull of a push consumer carries. */
export interface PullRequestInput {
  readonly group: string;
  readonly queue: MessageQueue;
  readonly offset: number;
  readonly maxMsgNums: number;
  /** The in-memory committed offset (clustering); piggy-backed when > 0 and pulling from a master. */
  readonly commitOffset: number | undefined;
  readonly fromSlave: boolean;
  readonly subscription: SubscriptionData | undefined;
  /** Java `postSubscriptionWhenPull` (default false: the broker uses the heartbeat's subscription). */
  readonly postSubscription: boolean;
  readonly suspendTimeoutMillis: number;
}

/**
 * The Java push consumer's pull request: SUSPEND always (long polling), COMMIT_OFFSET when a committed offset > 0
 * is known and the broker is a master, SUBSCRIPTION only with `postSubscription`; `subVersion` and `expressionType`
 * of the registered subscription always.
 */
export function buildPullRequest(input: PullRequestInput): PullRequest {
  const commit = input.commitOffset !== undefined && input.commitOffset > 0 && !input.fromSlave;
  const sub = input.subscription;
  const postSub = input.postSubscription && sub !== undefined && !sub.classFilterMode;
  let sysFlag = PullSysFlag.SUSPEND;
  if (commit) sysFlag |= PullSysFlag.COMMIT_OFFSET;
  if (postSub) sysFlag |= PullSysFlag.SUBSCRIPTION;
  if (sub?.classFilterMode) sysFlag |= PullSysFlag.CLASS_FILTER;
  const req: PullRequest = {
    consumerGroup: input.group,
    queue: input.queue,
    queueOffset: input.offset,
    maxMsgNums: input.maxMsgNums,
    sysFlag,
    commitOffset: input.commitOffset !== undefined && input.commitOffset > 0 ? input.commitOffset : 0,
    suspendTimeoutMillis: input.suspendTimeoutMillis,
    subVersion: sub?.subVersion ?? 0,
    expressionType: sub?.expressionType ?? 'TAG',
  };
  return postSub ? { ...req, subscription: sub.subString } : req;
}
