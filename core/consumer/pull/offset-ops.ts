import { distinctUntilChanged, map, type Observable } from 'rxjs';
import type { ClientInstance } from '../../client/client-instance.js';
import { ClientError } from '../../client/errors.js';
import { type MessageQueue, queueKey } from '../../message/message-queue.js';
import type { PullBrokerRequestContext } from './broker-handler.js';
import type { PullEngine } from './engine.js';
import { PullConsumerError } from './errors.js';
import type { ReportPullEvent } from './events.js';
import type { ResolvedPullConsumerOptions } from './options.js';
import { wrapNamespace } from '../../message/namespace.js';
import { sameQueues, type Subscriptions, userQueue } from './subscriptions.js';

/** What the queue and offset operations need. */
export interface OffsetOpsContext {
  /** The group as the broker knows it. */
  readonly group: string;
  readonly options: ResolvedPullConsumerOptions;
  readonly instance: ClientInstance;
  readonly engine: PullEngine;
  readonly subscriptions: Subscriptions;
  readonly report: ReportPullEvent;
}

/**
 * The pull consumer's per-queue operations on a running consumer (queues as the broker knows them): seek (checked
 * against the queue's min and max offsets, Java `seek`), commit, the broker's committed offset, offset by time, a
 * topic's queues, and the answers to broker-pushed requests.
 */
export class OffsetOps {
  constructor(private readonly ctx: OffsetOpsContext) {}

  /** Restarts the queue's pulls at `offset`: what it buffered is dropped and the next poll starts there. */
  async seek(queue: MessageQueue, offset: number): Promise<void> {
    if (!Number.isSafeInteger(offset) || offset < 0) {
      throw new PullConsumerError('invalid-argument', 'a seek offset must be an integer ≥ 0', { queue: this.user(queue), offset });
    }
    this.owned(queue);
    const [min, max] = await Promise.all([this.minOffset(queue), this.maxOffset(queue)]);
    if (offset < min || offset > max) {
      throw new PullConsumerError('seek-offset-out-of-range', `seek offset ${offset} is outside [${min}, ${max}]`, { queue: this.user(queue), offset, min, max });
    }
    await this.ctx.engine.table.restart(queue, offset);
    this.ctx.report({ type: 'seek', queue, offset });
  }

  /** Seeks to the queue's min offset (`begin`) or max offset (`end`). */
  async seekTo(queue: MessageQueue, where: 'begin' | 'end'): Promise<void> {
    this.owned(queue);
    await this.seek(queue, where === 'begin' ? await this.minOffset(queue) : await this.maxOffset(queue));
  }

  /** Writes the polled offsets of `queues` (default: every owned queue; others are skipped) and waits. */
  async commit(queues?: readonly MessageQueue[]): Promise<void> {
    const { engine } = this.ctx;
    const owned = engine.table.queues();
    const ownedKeys = new Set(owned.map(queueKey));
    const targets = queues === undefined ? owned : queues.filter((q) => ownedKeys.has(queueKey(q)));
    const { failed } = await engine.book.commitPolled(targets);
    if (failed.length === 0) return;
    const names = failed.map((f) => `${f.queue.topic}@${f.queue.brokerName}#${f.queue.queueId}`).join(', ');
    throw new PullConsumerError('commit-failed', `the offsets of ${failed.length} queue(s) could not be committed: ${names}`, {
      failed: failed.map((f) => this.user(f.queue)),
    }, { cause: failed[0]!.error });
  }

  /** QUERY_CONSUMER_OFFSET: the group's committed offset of the queue, or undefined when the broker has none. */
  async committed(queue: MessageQueue): Promise<number | undefined> {
    const addr = await this.ctx.engine.addrOf(queue);
    return this.ctx.instance.port.queryConsumerOffset(addr, this.ctx.group, queue, this.call());
  }

  /** SEARCH_OFFSET_BY_TIMESTAMP. */
  async offsetForTimestamp(queue: MessageQueue, timestamp: number): Promise<number> {
    if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
      throw new PullConsumerError('invalid-argument', 'a timestamp must be an integer number of ms ≥ 0', { queue: this.user(queue), timestamp });
    }
    const addr = await this.ctx.engine.addrOf(queue);
    return this.ctx.instance.port.searchOffset(addr, queue, timestamp, this.call());
  }

  /** The readable queues of a topic, from its route (fetched if not known yet). */
  async fetchMessageQueues(topic: string): Promise<MessageQueue[]> {
    const routes = this.ctx.instance.routes;
    const wire = wrapNamespace(this.ctx.options.namespace, topic);
    const route = routes.current(wire) ?? (await routes.refresh(wire));
    if (!route) throw new ClientError('no-route', `no route for topic ${topic}`, { topic });
    return route.subscribeQueues.map((q) => this.user(q));
  }

  /** A topic's readable queues now and after every route change. */
  messageQueues$(topic: string): Observable<MessageQueue[]> {
    const route$ = this.ctx.instance.routes.route$(wrapNamespace(this.ctx.options.namespace, topic));
    return route$.pipe(
      map((route) => route.subscribeQueues.map((q) => this.user(q))),
      distinctUntilChanged<MessageQueue[]>(sameQueues),
    );
  }

  /** Fetches the routes of the subscribed or assigned topics not known yet (failures are reported by the routes). */
  async refreshRoutes(): Promise<void> {
    const { subscriptions } = this.ctx;
    const routes = this.ctx.instance.routes;
    const topics = new Set([...subscriptions.topics(), ...subscriptions.assignedQueues().map((q) => q.topic)]);
    await Promise.all([...topics].map((t) => (routes.current(t) ? undefined : routes.refresh(t))));
  }

  /** What the answers to broker-pushed requests read. */
  handlerContext(): PullBrokerRequestContext {
    const { engine, subscriptions } = this.ctx;
    const startedAt = this.ctx.instance.config.scheduler.now();
    return {
      group: this.ctx.group,
      options: this.ctx.options,
      startedAt,
      subscriptions: () => subscriptions.all(),
      sessions: () => engine.table.sessions(),
      polledOffset: (q) => engine.book.polled(q),
      rebalanceNow: () => engine.rebalanceNow(),
      resetOffsets: (topic, offsets) => this.resetOffsets(topic, offsets),
    };
  }

  /** RESET_CONSUMER_CLIENT_OFFSET: the owned queues of `topic` go on from the given offsets. */
  private resetOffsets(topic: string, offsets: readonly { queue: MessageQueue; offset: number }[]): void {
    const { engine } = this.ctx;
    const applied = offsets.filter((e) => e.queue.topic === topic && engine.table.session(e.queue) !== undefined);
    for (const { queue, offset } of applied) void engine.table.restart(queue, offset);
    this.ctx.report({ type: 'offset-reset', topic, offsets: applied });
  }

  private async minOffset(queue: MessageQueue): Promise<number> {
    return this.ctx.instance.port.getMinOffset(await this.ctx.engine.addrOf(queue), queue, this.call());
  }

  private async maxOffset(queue: MessageQueue): Promise<number> {
    return this.ctx.instance.port.getMaxOffset(await this.ctx.engine.addrOf(queue), queue, this.call());
  }

  private owned(queue: MessageQueue): void {
    if (this.ctx.engine.table.session(queue) !== undefined) return;
    const why = this.ctx.subscriptions.mode === 'subscribe' ? ' (a rebalance may have moved it)' : '';
    throw new PullConsumerError('queue-not-assigned', `the queue is not assigned to this consumer${why}`, { queue: this.user(queue) });
  }

  private user(queue: MessageQueue): MessageQueue {
    return userQueue(queue, this.ctx.options.namespace);
  }

  private call(): { timeoutMs: number } {
    return { timeoutMs: this.ctx.options.requestTimeoutMs };
  }
}
