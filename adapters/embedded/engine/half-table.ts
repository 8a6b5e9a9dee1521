import { MessageProperty, type Properties } from '../../remoting/protocol/message/properties.js';
import type { MessageStore } from '../store/message-store.js';
import type { ResolvedBrokerConfig } from './config.js';
import type { MessageWriter, PutResult, StagedWrite } from './message-writer.js';
import { PERM_READ, PERM_WRITE } from './perm.js';
import { lookMessage } from './record-reader.js';
import { TRANS_HALF_TOPIC, TRANS_OP_HALF_TOPIC } from './topic-names.js';
import type { TopicTable } from './topic-table.js';
import type { PendingHalf } from './transaction-types.js';

const CHECKS_KEY = 'engine.transactionChecks';
/** Java `TransactionalMessageUtil.REMOVETAG`: the op message tag marking a half message as resolved. */
const REMOVE_TAG = 'd';
const READ_BATCH = 256;

export interface HalfTableDeps {
  store: MessageStore;
  writer: () => MessageWriter;
  topics: TopicTable;
  config: ResolvedBrokerConfig;
  now: () => number;
}

/**
 * Unresolved half messages. Resolving one (commit, rollback, discard) appends an op message to
 * RMQ_SYS_TRANS_OP_HALF_TOPIC whose body is the half's queue offset, so that after a restart `load` rebuilds exactly
 * the unresolved ones; their check counts survive in the store's state area.
 */
export class HalfTable {
  private readonly pending = new Map<number, PendingHalf>();
  /** Commit-log offsets of pending halves a commit, rollback or discard has claimed and is resolving. */
  private readonly resolving = new Set<number>();

  constructor(private readonly deps: HalfTableDeps) {}

  load(): void {
    this.pending.clear();
    this.resolving.clear();
    const { store } = this.deps;
    const resolved = new Set<number>();
    forEachEntry(store, TRANS_OP_HALF_TOPIC, (physicalOffset) => {
      const body = lookMessage(store, physicalOffset)?.storedBody.toString('utf8');
      if (body !== undefined && /^\d+$/.test(body)) resolved.add(Number(body));
    });
    const checks = JSON.parse(store.getState(CHECKS_KEY) ?? '{}') as Record<string, number>;
    forEachEntry(store, TRANS_HALF_TOPIC, (physicalOffset, queueOffset) => {
      if (resolved.has(queueOffset)) return;
      const half = lookMessage(store, physicalOffset);
      if (half !== undefined) this.add(pendingOf(half.properties, queueOffset, physicalOffset, half.storeTimestamp, checks[physicalOffset] ?? 0));
    });
  }

  add(p: PendingHalf): void {
    this.pending.set(p.physicalOffset, p);
  }

  get(physicalOffset: number): PendingHalf | undefined {
    return this.pending.get(physicalOffset);
  }

  /** Pending halves not being resolved, in store order. */
  list(): PendingHalf[] {
    return [...this.pending.values()].filter((p) => !this.resolving.has(p.physicalOffset)).sort((a, b) => a.queueOffset - b.queueOffset);
  }

  /**
   * Claims a pending half for resolution (synchronously, so that call it before any await): undefined when there is
   * no such half or another commit, rollback or discard already claimed it. The claim ends when its op message is
   * stored (the half is then forgotten) or with {@link release}.
   */
  claim(physicalOffset: number): PendingHalf | undefined {
    const p = this.pending.get(physicalOffset);
    if (p === undefined || this.resolving.has(physicalOffset)) return undefined;
    this.resolving.add(physicalOffset);
    return p;
  }

  /** Gives up a claim whose resolution failed before anything was stored: the half can be resolved again. */
  release(p: PendingHalf): void {
    this.resolving.delete(p.physicalOffset);
  }

  /** Marks a claimed half resolved: op message first (admitted after every earlier write), then forgotten. */
  async resolve(p: PendingHalf): Promise<PutResult> {
    const staged = await this.deps.writer().admit(() => this.stageResolve(p));
    return staged.done;
  }

  /**
   * Within an admission step: stages the op message of a claimed half; once it is stored the half is forgotten (on
   * failure it stays claimed: the caller releases it when nothing else was stored).
   */
  async stageResolve(p: PendingHalf): Promise<StagedWrite> {
    const staged = await this.stageOp(p.queueOffset);
    const done = staged.done.then((put) => {
      if (put.ok) {
        this.pending.delete(p.physicalOffset);
        this.resolving.delete(p.physicalOffset);
      }
      return put;
    });
    return { done };
  }

  async saveCheckTimes(): Promise<void> {
    const checks: Record<string, number> = {};
    for (const p of this.pending.values()) if (p.checkTimes > 0) checks[p.physicalOffset] = p.checkTimes;
    await this.deps.store.putState(CHECKS_KEY, JSON.stringify(checks));
  }

  private async stageOp(halfQueueOffset: number): Promise<StagedWrite> {
    const { config } = this.deps;
    await this.deps.topics.ensure(TRANS_OP_HALF_TOPIC, 1, PERM_READ | PERM_WRITE);
    return this.deps.writer().stage([{
      topic: TRANS_OP_HALF_TOPIC,
      queueId: 0,
      flag: 0,
      body: Buffer.from(String(halfQueueOffset), 'utf8'),
      sysFlag: 0,
      bornTimestamp: this.deps.now(),
      bornHost: config.brokerAddr,
      storeHost: config.brokerAddr,
      reconsumeTimes: 0,
      preparedTransactionOffset: 0,
      properties: { [MessageProperty.TAGS]: REMOVE_TAG },
      delayLevel: 0,
    }]);
  }
}

/** The pending record of a stored half message. */
export function pendingOf(props: Properties, queueOffset: number, physicalOffset: number, storeTimestamp: number, checkTimes = 0): PendingHalf {
  const immunity = props[MessageProperty.CHECK_IMMUNITY_TIME_IN_SECONDS];
  const seconds = immunity !== undefined && /^-?\d+$/.test(immunity.trim()) ? Number(immunity.trim()) : -1;
  return {
    queueOffset,
    physicalOffset,
    storeTimestamp,
    producerGroup: props[MessageProperty.PRODUCER_GROUP] ?? '',
    immunityMs: seconds === -1 ? undefined : seconds * 1000,
    checkTimes,
  };
}

function forEachEntry(store: MessageStore, topic: string, fn: (physicalOffset: number, queueOffset: number) => void): void {
  let pos = store.minOffset(topic, 0);
  const max = store.maxOffset(topic, 0);
  while (pos < max) {
    const entries = store.readEntries(topic, 0, pos, READ_BATCH);
    if (entries.length === 0) return;
    for (const e of entries) fn(e.physicalOffset, e.queueOffset);
    pos = entries[entries.length - 1]!.queueOffset + 1;
  }
}
