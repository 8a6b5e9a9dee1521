import { RocketMQError } from '../../../../core/errors.js';
import { type MessageQueue, queueKey } from '../../../../core/message/message-queue.js';
import type { CallOptions, PulledMessage, PullRequest, PullResponse } from '../../../../core/ports/broker-port.js';
import type { HeartbeatData } from '../../../../core/ports/heartbeat.js';
import { brokerError, type FakeBroker as BrokerSpec, FakePort, routeOf } from '../../fakes/fake-port.js';

export const A = { name: 'broker-a', addr: '10.0.0.1:10911' };
export const B = { name: 'broker-b', addr: '10.0.0.2:10911' };

const SUSPEND = 0x2;
const SUBSCRIPTION = 0x4;

/** One pull as the broker saw it, with what the test wanted to know at that moment. */
export interface SeenPull {
  readonly req: PullRequest;
  readonly opts: CallOptions | undefined;
  readonly addr: string;
  /** `probe()` at the moment the pull arrived. */
  readonly probe: number;
}

interface Parked {
  readonly key: string;
  wake(): void;
}

/**
 * A broker (and name server) in memory for pull consumer tests, shared by any number of `FakePort`s (one per client
 * instance): queues of messages, long polling (a caught-up pull with SUSPEND waits for a message or for
 * `suspendTimeoutMillis` on the fake clock, and is released by its abort signal), min/max/search offsets, the group's
 * committed offsets, and the group's clients from their heartbeats (each change notifies the group's clients, as
 * NOTIFY_CONSUMER_IDS_CHANGED does).
 */
export class MemoryBroker {
  readonly logs = new Map<string, PulledMessage[]>();
  readonly minOffsets = new Map<string, number>();
  readonly committed = new Map<string, number>();
  readonly routes = new Map<string, BrokerSpec[]>();
  readonly pulls: SeenPull[] = [];
  /** Called when a pull arrives; its value is recorded with the pull. */
  probe: () => number = () => 0;
  /** Pull failures to answer with first (one each). */
  readonly pullFailures: unknown[] = [];
  private readonly parked = new Set<Parked>();
  private readonly clients = new Map<string, { groups: Set<string>; port: FakePort }>();
  private physical = 0;

  setRoute(topic: string, brokers: BrokerSpec[]): void {
    this.routes.set(topic, brokers);
  }

  /** Appends `n` messages to a queue (`tags` and `bodyBytes` optional) and wakes the pulls parked on it. */
  append(queue: MessageQueue, n: number, opts: { tags?: string | ((i: number) => string); bodyBytes?: number; storeTimestamp?: number } = {}): void {
    const key = queueKey(queue);
    const log = this.logs.get(key) ?? [];
    this.logs.set(key, log);
    for (let i = 0; i < n; i++) {
      const offset = log.length;
      const tags = typeof opts.tags === 'function' ? opts.tags(offset) : (opts.tags ?? 'TagA');
      const body = opts.bodyBytes === undefined ? Buffer.from(`${queue.queueId}:${offset}`) : Buffer.alloc(opts.bodyBytes, 0x61);
      log.push(storedMessage(queue, offset, tags, body, opts.storeTimestamp ?? 1_000 + offset, (this.physical += 100)));
    }
    for (const p of [...this.parked]) if (p.key === key) p.wake();
  }

  /** Pulls that are parked now (long polling). */
  get parkedCount(): number {
    return this.parked.size;
  }

  /** Pulls of one queue seen so far. */
  pullsOf(queue: MessageQueue): SeenPull[] {
    return this.pulls.filter((p) => queueKey(p.req.queue) === queueKey(queue));
  }

  maxOffset(queue: MessageQueue): number {
    return this.logs.get(queueKey(queue))?.length ?? 0;
  }

  minOffset(queue: MessageQueue): number {
    return this.minOffsets.get(queueKey(queue)) ?? 0;
  }

  committedOf(group: string, queue: MessageQueue): number | undefined {
    return this.committed.get(`${group}|${queueKey(queue)}`);
  }

  setCommitted(group: string, queue: MessageQueue, offset: number): void {
    this.committed.set(`${group}|${queueKey(queue)}`, offset);
  }

  /** A port for one client instance, answering from this broker. */
  port(): FakePort {
    const port = new FakePort();
    const o = port.overrides;
    o.getRouteInfo = async (topic) => {
      const brokers = this.routes.get(topic);
      if (!brokers) throw brokerError(17, `No topic route info in name server for the topic: ${topic}`);
      return routeOf(brokers);
    };
    o.pull = (addr, req, opts) => this.pull(addr, req, opts);
    o.getMaxOffset = async (_a, mq) => this.maxOffset(mq);
    o.getMinOffset = async (_a, mq) => this.minOffset(mq);
    o.searchOffset = async (_a, mq, ts) => {
      const log = this.logs.get(queueKey(mq)) ?? [];
      return log.find((m) => m.storeTimestamp >= ts)?.queueOffset ?? log.length;
    };
    o.queryConsumerOffset = async (_a, group, mq) => this.committedOf(group, mq);
    o.updateConsumerOffset = async (_a, group, mq, offset) => this.setCommitted(group, mq, offset);
    o.heartbeat = async (_a, data) => this.heartbeat(data, port);
    o.unregisterClient = async (_a, clientId, group) => this.unregister(clientId, group.consumerGroup);
    o.getConsumerIdList = async (_a, group) => [...this.clients].filter(([, c]) => c.groups.has(group)).map(([id]) => id);
    return port;
  }

  private heartbeat(data: HeartbeatData, port: FakePort): void {
    const entry = this.clients.get(data.clientID) ?? { groups: new Set<string>(), port };
    this.clients.set(data.clientID, entry);
    for (const c of data.consumerDataSet) {
      if (entry.groups.has(c.groupName)) continue;
      entry.groups.add(c.groupName);
      this.notify(c.groupName);
    }
  }

  private unregister(clientId: string, group: string | undefined): void {
    const entry = this.clients.get(clientId);
    if (group === undefined || !entry?.groups.delete(group)) return;
    this.notify(group);
  }

  /** NOTIFY_CONSUMER_IDS_CHANGED to every client of the group (after the current call returns). */
  private notify(group: string): void {
    for (const { groups, port } of this.clients.values()) {
      if (groups.has(group)) queueMicrotask(() => port.handlers?.notifyConsumerIdsChanged(group));
    }
  }

  private async pull(addr: string, req: PullRequest, opts: CallOptions | undefined): Promise<PullResponse> {
    this.pulls.push({ req, opts, addr, probe: this.probe() });
    if (this.pullFailures.length > 0) throw this.pullFailures.shift();
    const now = this.read(req);
    if (now.status !== 'NO_NEW_MSG' || (req.sysFlag & SUSPEND) === 0) return now;
    return this.park(req, opts);
  }

  private park(req: PullRequest, opts: CallOptions | undefined): Promise<PullResponse> {
    return new Promise((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        this.parked.delete(entry);
        opts?.signal?.removeEventListener('abort', onAbort);
      };
      const entry: Parked = {
        key: queueKey(req.queue),
        wake: () => {
          finish();
          resolve(this.read(req));
        },
      };
      const onAbort = () => {
        finish();
        reject(new RocketMQError('request-aborted', 'aborted by the caller'));
      };
      const timer = setTimeout(entry.wake, req.suspendTimeoutMillis);
      this.parked.add(entry);
      if (opts?.signal?.aborted) onAbort();
      else opts?.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** The §4.2 table: offset moved below min / above max, caught up, or up to `maxMsgNums` matching messages. */
  private read(req: PullRequest): PullResponse {
    const log = this.logs.get(queueKey(req.queue)) ?? [];
    const min = this.minOffset(req.queue);
    const max = log.length;
    const base = { minOffset: min, maxOffset: max, suggestWhichBrokerId: 0, messages: [] as PulledMessage[] };
    const offset = req.queueOffset;
    if (offset < min) return { ...base, status: 'OFFSET_ILLEGAL', nextBeginOffset: min };
    if (offset > max) return { ...base, status: 'OFFSET_ILLEGAL', nextBeginOffset: max };
    if (offset === max) return { ...base, status: 'NO_NEW_MSG', nextBeginOffset: offset };
    const tags = (req.sysFlag & SUBSCRIPTION) !== 0 && req.subscription && req.subscription !== '*' ? req.subscription.split('||').map((t) => t.trim()) : undefined;
    const messages: PulledMessage[] = [];
    let next = offset;
    while (next < max && messages.length < req.maxMsgNums) {
      const m = log[next++]!;
      if (!tags || tags.includes(m.properties['TAGS']!)) messages.push(m);
    }
    if (messages.length === 0) return { ...base, status: 'NO_MATCHED_MSG', nextBeginOffset: next };
    return { ...base, status: 'FOUND', nextBeginOffset: next, messages };
  }
}

function storedMessage(queue: MessageQueue, offset: number, tags: string, body: Buffer, storeTimestamp: number, physicalOffset: number): PulledMessage {
  const id = `MSG-${queue.brokerName}-${queue.queueId}-${offset}`;
  return {
    topic: queue.topic,
    queueId: queue.queueId,
    queueOffset: offset,
    physicalOffset,
    sysFlag: 0,
    flag: 0,
    bornTimestamp: storeTimestamp,
    bornHost: '10.0.0.9:50000',
    storeTimestamp,
    storeHost: '10.0.0.1:10911',
    reconsumeTimes: 0,
    preparedTransactionOffset: 0,
    body,
    properties: { TAGS: tags, UNIQ_KEY: id },
    msgId: id,
    offsetMsgId: `OFF-${physicalOffset}`,
    storeSize: body.length + 100,
  };
}
