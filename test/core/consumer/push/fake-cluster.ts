import { type MessageQueue, queueKey } from '../../../../core/message/message-queue.js';
import type { CallOptions, PulledMessage, PullRequest, PullResponse } from '../../../../core/ports/broker-port.js';
import { RocketMQError } from '../../../../core/errors.js';
import type { FakePort } from '../../fakes/fake-port.js';

/** One recorded pull, with how many messages the consumer held for that queue when it was sent. */
export interface PullRecord {
  readonly addr: string;
  readonly req: PullRequest;
  readonly at: number;
}

interface Waiter {
  readonly req: PullRequest;
  wake(): void;
}

/** Options of a stored message. */
export interface MessageSpec {
  readonly tags?: string;
  readonly bodySize?: number;
  readonly reconsumeTimes?: number;
  readonly properties?: Record<string, string>;
}

/**
 * An in-memory broker behind a `FakePort`: queues of stored messages, long-polled pulls (held until a message
 * arrives, the suspend time passes, or the caller aborts), committed offsets, locks, consumer id lists, and a
 * record of every pull. Timers are `setTimeout` (use fake timers).
 */
export class FakeCluster {
  readonly queues = new Map<string, PulledMessage[]>();
  readonly committed = new Map<string, number>();
  readonly pulls: PullRecord[] = [];
  consumerIds: string[] = [];
  /** Queue keys whose lock is held, by client id. */
  readonly locks = new Map<string, string>();
  /** When set, pulls fail with this error (once each) before being answered. */
  readonly pullFailures: unknown[] = [];
  /** Answers to return instead of the store's, once each, by queue key. */
  readonly scripted = new Map<string, Partial<PullResponse>[]>();
  /** Called with each pull as it arrives (before it is answered). */
  onPull: ((req: PullRequest) => void) | undefined;
  private readonly waiters = new Set<Waiter>();
  private physical = 1_000;

  constructor(port?: FakePort) {
    if (port) this.attach(port);
  }

  /** Serves a port's broker calls from this cluster (several consumers' ports may share one cluster). */
  attach(port: FakePort): void {
    port.overrides.pull = (addr, req, opts) => this.pull(addr, req, opts);
    port.overrides.queryConsumerOffset = async (_a, _g, mq) => this.committed.get(queueKey(mq));
    port.overrides.updateConsumerOffset = async (_a, _g, mq, offset) => {
      this.committed.set(queueKey(mq), offset);
    };
    port.overrides.getMaxOffset = async (_a, mq) => this.stored(mq).length;
    port.overrides.getConsumerIdList = async () => [...this.consumerIds];
    port.overrides.lockBatch = async (_a, _g, clientId, mqs) =>
      mqs.filter((mq) => {
        const holder = this.locks.get(queueKey(mq));
        if (holder !== undefined && holder !== clientId) return false;
        this.locks.set(queueKey(mq), clientId);
        return true;
      });
    port.overrides.unlockBatch = async (_a, _g, clientId, mqs) => {
      for (const mq of mqs) if (this.locks.get(queueKey(mq)) === clientId) this.locks.delete(queueKey(mq));
    };
  }

  stored(mq: MessageQueue): PulledMessage[] {
    const key = queueKey(mq);
    let list = this.queues.get(key);
    if (!list) {
      list = [];
      this.queues.set(key, list);
    }
    return list;
  }

  /** Appends `count` messages to a queue and wakes its held pulls. */
  append(mq: MessageQueue, count: number, spec: MessageSpec = {}): PulledMessage[] {
    const list = this.stored(mq);
    const added: PulledMessage[] = [];
    for (let i = 0; i < count; i++) {
      const queueOffset = list.length;
      this.physical += 100;
      const msgId = `MSG-${mq.topic}-${mq.queueId}-${queueOffset}`;
      const properties: Record<string, string> = { UNIQ_KEY: msgId, ...(spec.tags ? { TAGS: spec.tags } : {}), ...spec.properties };
      const m: PulledMessage = {
        topic: mq.topic,
        queueId: mq.queueId,
        queueOffset,
        physicalOffset: this.physical,
        sysFlag: 0,
        flag: 0,
        bornTimestamp: 1,
        bornHost: '10.0.0.9:5000',
        storeTimestamp: 2,
        storeHost: '10.0.0.1:10911',
        reconsumeTimes: spec.reconsumeTimes ?? 0,
        preparedTransactionOffset: 0,
        body: Buffer.alloc(spec.bodySize ?? 10, 1),
        properties,
        msgId,
        offsetMsgId: `OFF${this.physical}`,
        storeSize: 100 + (spec.bodySize ?? 10),
      };
      list.push(m);
      added.push(m);
    }
    for (const w of [...this.waiters]) if (queueKey(w.req.queue) === queueKey(mq)) w.wake();
    return added;
  }

  /** Pulls whose queue is `mq`. */
  pullsOf(mq: MessageQueue): PullRecord[] {
    return this.pulls.filter((p) => queueKey(p.req.queue) === queueKey(mq));
  }

  /** Pulls held by the broker right now. */
  get heldPulls(): number {
    return this.waiters.size;
  }

  private async pull(addr: string, req: PullRequest, opts?: CallOptions): Promise<PullResponse> {
    this.pulls.push({ addr, req, at: Date.now() });
    this.onPull?.(req);
    if (this.pullFailures.length > 0) throw this.pullFailures.shift();
    const script = this.scripted.get(queueKey(req.queue))?.shift();
    if (script) return { status: 'NO_NEW_MSG', nextBeginOffset: req.queueOffset, minOffset: 0, maxOffset: 0, suggestWhichBrokerId: 0, messages: [], ...script };
    const now = this.answer(req);
    if (now || (req.sysFlag & 2) === 0) return now ?? this.notFound(req);
    return this.hold(req, opts);
  }

  private answer(req: PullRequest): PullResponse | undefined {
    const list = this.stored(req.queue);
    const max = list.length;
    const base = { minOffset: 0, maxOffset: max, suggestWhichBrokerId: 0 };
    if (req.queueOffset > max) return { ...base, status: 'OFFSET_ILLEGAL', nextBeginOffset: max, messages: [] };
    if (req.queueOffset === max) return undefined;
    const messages = list.slice(req.queueOffset, req.queueOffset + req.maxMsgNums).map((m) => ({ ...m }));
    return { ...base, status: 'FOUND', nextBeginOffset: req.queueOffset + messages.length, messages };
  }

  private notFound(req: PullRequest): PullResponse {
    const max = this.stored(req.queue).length;
    return { status: 'NO_NEW_MSG', nextBeginOffset: req.queueOffset, minOffset: 0, maxOffset: max, suggestWhichBrokerId: 0, messages: [] };
  }

  private hold(req: PullRequest, opts?: CallOptions): Promise<PullResponse> {
    return new Promise((resolve, reject) => {
      const finish = () => {
        clearTimeout(timeout);
        this.waiters.delete(waiter);
        opts?.signal?.removeEventListener('abort', onAbort);
      };
      const waiter: Waiter = {
        req,
        wake: () => {
          finish();
          resolve(this.answer(req) ?? this.notFound(req));
        },
      };
      const onAbort = () => {
        finish();
        reject(new RocketMQError('request-aborted', 'aborted'));
      };
      const timeout = setTimeout(() => {
        finish();
        resolve(this.notFound(req));
      }, req.suspendTimeoutMillis);
      this.waiters.add(waiter);
      if (opts?.signal?.aborted) onAbort();
      else opts?.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
