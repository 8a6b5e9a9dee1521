import { type MessageQueue, queueKey } from '../../message/message-queue.js';
import type { BrokerPort, LocalOffsetStorage } from '../../ports/broker-port.js';
import { ConsumerError } from './errors.js';
import type { QueueOffset, ReportConsumerEvent } from './events.js';

/**
 * Where a push consumer keeps its committed offsets (Java `OffsetStore`): an in-memory table updated as messages
 * are handled, written out by `persist` (every 5 s, on queue loss and on shutdown).
 */
export interface OffsetStore {
  /** Reads what the backing store holds at start (local files); a no-op for the broker store. */
  load(): Promise<void>;
  /** The in-memory offset of a queue, if any. */
  readMemory(mq: MessageQueue): number | undefined;
  /** The offset the backing store holds (broker or file), kept in memory too; `undefined` when it has none. */
  readStore(mq: MessageQueue): Promise<number | undefined>;
  /** Sets the in-memory offset; with `increaseOnly` a smaller value is ignored. Negative offsets are ignored. */
  update(mq: MessageQueue, offset: number, increaseOnly: boolean): void;
  /** Writes the in-memory offsets of these queues out; failures are reported as events, not thrown. */
  persist(mqs: readonly MessageQueue[]): Promise<void>;
  /** Forgets a queue's in-memory offset. */
  remove(mq: MessageQueue): void;
  /** Every in-memory offset. */
  snapshot(): QueueOffset[];
}

/** One queue's in-memory offset (updated in place: the dispatcher sets it once per handled unit). */
interface OffsetEntry {
  readonly key: string;
  readonly queue: MessageQueue;
  offset: number;
}

/**
 * The offsets table both stores share, keyed by queue key; the entry of a queue object is also remembered by
 * identity, so that the per-message update neither builds the key string nor allocates.
 */
class OffsetTable {
  private readonly table = new Map<string, OffsetEntry>();
  private readonly byQueue = new WeakMap<MessageQueue, OffsetEntry>();

  get(mq: MessageQueue): number | undefined {
    return this.entryOf(mq)?.offset;
  }

  set(mq: MessageQueue, offset: number, increaseOnly: boolean): void {
    if (!(offset >= 0)) return;
    const held = this.entryOf(mq);
    if (held !== undefined) {
      if (!increaseOnly || held.offset < offset) held.offset = offset;
      return;
    }
    const key = queueKey(mq);
    const entry: OffsetEntry = { key, queue: mq, offset };
    this.table.set(key, entry);
    this.byQueue.set(mq, entry);
  }

  delete(mq: MessageQueue): void {
    this.table.delete(queueKey(mq));
  }

  /** A snapshot: the entries as plain values that later updates do not change. */
  entries(): QueueOffset[] {
    const out: QueueOffset[] = [];
    for (const { queue, offset } of this.table.values()) out.push({ queue, offset });
    return out;
  }

  private entryOf(mq: MessageQueue): OffsetEntry | undefined {
    const known = this.byQueue.get(mq);
    if (known !== undefined && this.table.get(known.key) === known) return known;
    const entry = this.table.get(queueKey(mq));
    if (entry !== undefined) this.byQueue.set(mq, entry);
    return entry;
  }
}

/** What the broker store needs: the port, the master address of a broker, the group, the event sink. */
export interface RemoteOffsetStoreContext {
  readonly group: string;
  readonly port: () => Pick<BrokerPort, 'queryConsumerOffset' | 'updateConsumerOffset'>;
  readonly masterAddr: (brokerName: string) => string | undefined;
  readonly requestTimeoutMs: number;
  readonly report: ReportConsumerEvent;
}

/** Clustering: offsets live on the brokers (QUERY_CONSUMER_OFFSET / UPDATE_CONSUMER_OFFSET oneway). */
export class RemoteOffsetStore implements OffsetStore {
  private readonly table = new OffsetTable();

  constructor(private readonly ctx: RemoteOffsetStoreContext) {}

  async load(): Promise<void> {}

  readMemory(mq: MessageQueue): number | undefined {
    return this.table.get(mq);
  }

  async readStore(mq: MessageQueue): Promise<number | undefined> {
    const addr = this.addrOf(mq);
    const offset = await this.ctx.port().queryConsumerOffset(addr, this.ctx.group, mq, { timeoutMs: this.ctx.requestTimeoutMs });
    if (offset !== undefined) this.table.set(mq, offset, false);
    return offset;
  }

  update(mq: MessageQueue, offset: number, increaseOnly: boolean): void {
    this.table.set(mq, offset, increaseOnly);
  }

  async persist(mqs: readonly MessageQueue[]): Promise<void> {
    const keep = new Set(mqs.map(queueKey));
    const entries = this.table.entries().filter((e) => keep.has(queueKey(e.queue)));
    const done = await Promise.all(entries.map((e) => this.write(e)));
    const written = entries.filter((_, i) => done[i]);
    if (written.length > 0) this.ctx.report({ type: 'offsets-committed', offsets: written });
  }

  remove(mq: MessageQueue): void {
    this.table.delete(mq);
  }

  private async write(entry: QueueOffset): Promise<boolean> {
    try {
      await this.ctx.port().updateConsumerOffset(this.addrOf(entry.queue), this.ctx.group, entry.queue, entry.offset, true);
      return true;
    } catch (error) {
      this.ctx.report({ type: 'offset-commit-failed', queue: entry.queue, error });
      return false;
    }
  }

  snapshot(): QueueOffset[] {
    return this.table.entries();
  }

  private addrOf(mq: MessageQueue): string {
    const addr = this.ctx.masterAddr(mq.brokerName);
    if (addr === undefined) {
      throw new ConsumerError('broker-not-found', `no master address known for broker ${mq.brokerName}`, { queue: mq });
    }
    return addr;
  }
}

/** What the local store needs: the storage the adapter provides, the client id and the group. */
export interface LocalOffsetStoreContext {
  readonly storage: LocalOffsetStorage;
  readonly clientId: string;
  readonly group: string;
  readonly report: ReportConsumerEvent;
}

/** Broadcasting: offsets live on this machine, through `LocalOffsetStorage`; the brokers are not involved. */
export class LocalOffsetStore implements OffsetStore {
  private readonly table = new OffsetTable();
  private readonly stored = new OffsetTable();

  constructor(private readonly ctx: LocalOffsetStoreContext) {}

  async load(): Promise<void> {
    for (const { queue, offset } of await this.ctx.storage.load(this.ctx.clientId, this.ctx.group)) {
      this.stored.set(queue, offset, false);
      this.table.set(queue, offset, false);
    }
  }

  readMemory(mq: MessageQueue): number | undefined {
    return this.table.get(mq);
  }

  async readStore(mq: MessageQueue): Promise<number | undefined> {
    const offset = this.stored.get(mq);
    if (offset !== undefined) this.table.set(mq, offset, false);
    return offset;
  }

  update(mq: MessageQueue, offset: number, increaseOnly: boolean): void {
    this.table.set(mq, offset, increaseOnly);
  }

  /** Saves every offset (the file holds the whole table, not only the queues listed). */
  async persist(_mqs: readonly MessageQueue[]): Promise<void> {
    const offsets = this.table.entries();
    try {
      await this.ctx.storage.save(this.ctx.clientId, this.ctx.group, offsets);
      for (const { queue, offset } of offsets) this.stored.set(queue, offset, false);
      if (offsets.length > 0) this.ctx.report({ type: 'offsets-committed', offsets });
    } catch (error) {
      this.ctx.report({ type: 'offset-commit-failed', error });
    }
  }

  /** Broadcasting keeps every queue's offset (every instance owns every queue). */
  remove(_mq: MessageQueue): void {}

  snapshot(): QueueOffset[] {
    return this.table.entries();
  }
}
