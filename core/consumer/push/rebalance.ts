import { catchError, concatMap, defer, EMPTY, from, map, merge, type Observable, of, type SchedulerLike, timer } from 'rxjs';
import type { TopicRoute } from '../../client/topic-route.js';
import { type MessageQueue, queueKey } from '../../message/message-queue.js';
import type { MessageModel } from '../../ports/heartbeat.js';
import { type AllocateStrategy, sortForAllocation } from '../../strategies/allocate/allocate-strategy.js';
import type { RebalanceReason, ReportConsumerEvent } from './events.js';

/** The sources of rebalance rounds. */
export interface RebalanceTriggers {
  readonly intervalMs: number;
  readonly scheduler: SchedulerLike;
  /** NOTIFY_CONSUMER_IDS_CHANGED from a broker. */
  readonly notify$: Observable<unknown>;
  /** A subscribe / unsubscribe while running. */
  readonly subscriptionChanged$: Observable<unknown>;
  /** RESET_CONSUMER_CLIENT_OFFSET applied. */
  readonly offsetReset$?: Observable<unknown>;
}

/** When to rebalance: at once (start), every `intervalMs`, and on each notification or subscription change. */
export function rebalanceTriggers$(t: RebalanceTriggers): Observable<RebalanceReason> {
  return merge(
    of<RebalanceReason>('start'),
    timer(t.intervalMs, t.intervalMs, t.scheduler).pipe(map((): RebalanceReason => 'interval')),
    t.notify$.pipe(map((): RebalanceReason => 'notify')),
    t.subscriptionChanged$.pipe(map((): RebalanceReason => 'subscription-changed')),
    (t.offsetReset$ ?? EMPTY).pipe(map((): RebalanceReason => 'offset-reset')),
  );
}

/**
 * Runs `round` for each trigger, one round at a time; triggers that arrive while a round runs are folded into a
 * single next round (the latest reason wins), so a burst of notifications costs one extra round, not one each.
 */
export function coalesceRounds<T>(round: (reason: T) => Observable<unknown>): (triggers$: Observable<T>) => Observable<unknown> {
  return (triggers$) =>
    defer(() => {
      let latest = 0;
      return triggers$.pipe(
        map((reason) => ({ reason, seq: ++latest })),
        concatMap(({ reason, seq }) => (seq < latest ? EMPTY : round(reason))),
      );
    });
}

/** One topic's allocation input. */
export interface TopicAllocationInput {
  readonly messageModel: MessageModel;
  readonly strategy: AllocateStrategy;
  readonly group: string;
  readonly clientId: string;
  readonly mqAll: readonly MessageQueue[];
  readonly cidAll: readonly string[];
}

/** The queues of one topic this client takes: all of them when broadcasting, else the strategy's share. */
export function allocateTopic(input: TopicAllocationInput): MessageQueue[] {
  if (input.messageModel === 'BROADCASTING') return [...input.mqAll];
  const sorted = sortForAllocation(input.mqAll, input.cidAll);
  const picked = input.strategy({ group: input.group, currentCid: input.clientId, mqAll: sorted.mqAll, cidAll: sorted.cidAll });
  const known = new Set(sorted.mqAll.map(queueKey));
  return picked.filter((q) => known.has(queueKey(q)));
}

/** The difference between the queues owned and the queues allocated. */
export function diffQueues(owned: readonly MessageQueue[], allocated: readonly MessageQueue[]): { added: MessageQueue[]; removed: MessageQueue[] } {
  const ownedKeys = new Set(owned.map(queueKey));
  const allocatedKeys = new Set(allocated.map(queueKey));
  return {
    added: dedupe(allocated).filter((q) => !ownedKeys.has(queueKey(q))),
    removed: owned.filter((q) => !allocatedKeys.has(queueKey(q))),
  };
}

function dedupe(queues: readonly MessageQueue[]): MessageQueue[] {
  const seen = new Set<string>();
  return queues.filter((q) => {
    const key = queueKey(q);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** What an allocation round reads. */
export interface AllocatorContext {
  readonly group: string;
  readonly clientId: string;
  readonly messageModel: MessageModel;
  readonly strategy: AllocateStrategy;
  /** The subscribed topics, `%RETRY%<group>` included in clustering mode. */
  readonly topics: () => readonly string[];
  /** The topic's route (fetched if not known yet), or undefined. */
  readonly routeOf: (topic: string) => Promise<TopicRoute | undefined>;
  /** The group's client ids, asked of a broker of the route. */
  readonly consumerIds: (route: TopicRoute) => Promise<string[]>;
  readonly report: ReportConsumerEvent;
}

/**
 * Computes, topic by topic, the queues this client should own (Java `RebalanceImpl.rebalanceByTopic`). A topic
 * whose route or consumer list cannot be had this round keeps the queues it had (`previous`), as in Java.
 */
export async function allocateAll(ctx: AllocatorContext, previous: readonly MessageQueue[]): Promise<MessageQueue[]> {
  const result: MessageQueue[] = [];
  for (const topic of ctx.topics()) {
    const mine = await allocateOne(ctx, topic);
    result.push(...(mine ?? previous.filter((q) => q.topic === topic)));
  }
  return result;
}

async function allocateOne(ctx: AllocatorContext, topic: string): Promise<MessageQueue[] | undefined> {
  const route = await ctx.routeOf(topic);
  if (!route || route.subscribeQueues.length === 0) {
    ctx.report({ type: 'rebalance-failed', topic, reason: 'no route with readable queues' });
    return undefined;
  }
  let cidAll: string[] = [];
  if (ctx.messageModel === 'CLUSTERING') {
    try {
      cidAll = await ctx.consumerIds(route);
    } catch (error) {
      ctx.report({ type: 'rebalance-failed', topic, reason: 'consumer id list unavailable', error });
      return undefined;
    }
    if (cidAll.length === 0) {
      ctx.report({ type: 'rebalance-failed', topic, reason: 'no consumer of the group known to the broker' });
      return undefined;
    }
  }
  const { messageModel, strategy, group, clientId } = ctx;
  try {
    return allocateTopic({ messageModel, strategy, group, clientId, mqAll: route.subscribeQueues, cidAll });
  } catch (error) {
    ctx.report({ type: 'rebalance-failed', topic, reason: 'the allocation strategy threw', error });
    return undefined;
  }
}

/** Rounds as an Observable: each trigger → allocate → `apply` (which takes and releases queues). */
export function rebalanceLoop$(
  triggers$: Observable<RebalanceReason>,
  ctx: AllocatorContext,
  owned: () => readonly MessageQueue[],
  apply: (allocated: readonly MessageQueue[], reason: RebalanceReason) => Promise<void>,
): Observable<unknown> {
  const round = (reason: RebalanceReason) =>
    from(allocateAll(ctx, owned()).then((allocated) => apply(allocated, reason))).pipe(
      catchError((error: unknown) => {
        ctx.report({ type: 'rebalance-failed', topic: '*', reason: 'the round failed', error });
        return EMPTY;
      }),
    );
  return triggers$.pipe(coalesceRounds(round));
}
