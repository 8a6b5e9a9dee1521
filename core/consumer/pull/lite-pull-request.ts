import type { MessageQueue } from '../../message/message-queue.js';
import type { PullRequest } from '../../ports/broker-port.js';
import type { SubscriptionData } from '../../ports/heartbeat.js';
import { PullSysFlag } from '../push/pull-request.js';

/** The lite pull bit of the pull sysFlag (shared/protocol §4.2); 5.x brokers also take code 361 for it. */
export const LITE_PULL_FLAG = 0x10;

/** The sysFlag every lite pull carries: SUSPEND (long polling), SUBSCRIPTION and LITE_PULL; never COMMIT_OFFSET. */
export const LITE_PULL_SYS_FLAG = PullSysFlag.SUSPEND | PullSysFlag.SUBSCRIPTION | LITE_PULL_FLAG;

/** What one lite pull carries. */
export interface LitePullInput {
  readonly group: string;
  /** The queue as the broker knows it (namespaced topic). */
  readonly queue: MessageQueue;
  readonly offset: number;
  readonly maxMsgNums: number;
  readonly subscription: SubscriptionData;
  readonly suspendTimeoutMillis: number;
}

/**
 * Java `DefaultLitePullConsumerImpl.pullSyncImpl` with `block = true`: the subscription travels with every pull (the
 * broker does not need the heartbeat's), no offset is piggy-backed (commits are explicit), `subVersion` is 0 for TAG
 * expressions and the subscription's version otherwise.
 */
export function buildLitePullRequest(input: LitePullInput): PullRequest {
  const sub = input.subscription;
  return {
    consumerGroup: input.group,
    queue: input.queue,
    queueOffset: input.offset,
    maxMsgNums: input.maxMsgNums,
    sysFlag: LITE_PULL_SYS_FLAG,
    commitOffset: 0,
    suspendTimeoutMillis: input.suspendTimeoutMillis,
    subscription: sub.subString,
    subVersion: sub.expressionType === 'TAG' ? 0 : sub.subVersion,
    expressionType: sub.expressionType,
  };
}
