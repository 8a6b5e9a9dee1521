import { type MessageQueue, queueKey } from '../../message/message-queue.js';
import type { BrokerPort } from '../../ports/broker-port.js';
import type { QueueOffset } from '../push/events.js';
import { RemoteOffsetStore } from '../push/offset-store.js';
import type { ReportPullEvent } from './events.js';

/** What the offset book needs. */
export interface OffsetBookContext {
  /** The group as the broker knows it. */
  readonly group: string;
  readonly port: () => Pick<BrokerPort, 'queryConsumerOffset' | 'updateConsumerOffset'>;
  /** The master address of a broker, if a known route lists one. */
  readonly masterAddr: (brokerName: string) => string | undefined;
  /** The master address of a queue's broker, looking the route up if needed; rejects when there is none. */
  readonly addrOf: (queue: MessageQueue) => Promise<string>;
  readonly requestTimeoutMs: number;
  readonly report: ReportPullEvent;
}

/** The outcome of writing offsets. */
export interface CommitOutcome {
  readonly written: readonly QueueOffset[];
  readonly failed: readonly { readonly queue: MessageQueue; readonly error: unknown }[];
}

/**
 * A pull consumer's offsets per queue (queues as the broker knows them):
 * - *polled*: the next offset not yet handed to a poller (what `commit()` writes). It is kept in the push consumer's
 *   broker offset store, which also reads the group's committed offset when a queue starts.
 * - *checkpoint*: the polled offsets as they were when the last poll began. A poller that loops (poll, handle, poll)
 *   has handled everything below them, so auto-commit writes these and never a batch still being handled.
 * - *written*: what was last written to the broker, so auto-commit skips queues that did not move.
 */
export class OffsetBook {
  /** The polled offsets, and the group's committed offsets read when queues start. */
  readonly store: RemoteOffsetStore;
  private readonly checkpoints = new Map<string, QueueOffset>();
  private readonly written = new Map<string, number>();

  constructor(private readonly ctx: OffsetBookContext) {
    this.store = new RemoteOffsetStore({
      group: ctx.group,
      port: ctx.port,
      masterAddr: ctx.masterAddr,
      requestTimeoutMs: ctx.requestTimeoutMs,
      report: ctx.report,
    });
  }

  /** The polled offset of a queue, if any. */
  polled(queue: MessageQueue): number | undefined {
    return this.store.readMemory(queue);
  }

  /** Messages were handed out (or a seek moved the queue): the next offset to hand out is `offset`. */
  setPolled(queue: MessageQueue, offset: number): void {
    this.store.update(queue, offset, false);
  }

  /** Nothing is left below `offset` (the queue is caught up): the polled offset moves up to it, never down. */
  advancePolled(queue: MessageQueue, offset: number): void {
    this.store.update(queue, offset, true);
  }

  /** The broker holds `offset` for the queue already (read at start): auto-commit need not write it again. */
  noteWritten(queue: MessageQueue, offset: number): void {
    this.written.set(queueKey(queue), offset);
  }

  /** Takes the polled offsets of these queues as handled (a poll begins). */
  checkpoint(queues: readonly MessageQueue[]): void {
    for (const queue of queues) {
      const offset = this.polled(queue);
      if (offset !== undefined) this.checkpoints.set(queueKey(queue), { queue, offset });
    }
  }

  /** Writes the polled offsets of these queues (every one that has one), synchronously, to their brokers. */
  commitPolled(queues: readonly MessageQueue[]): Promise<CommitOutcome> {
    const entries = queues.flatMap((queue) => {
      const offset = this.polled(queue);
      return offset === undefined ? [] : [{ queue, offset }];
    });
    return this.write(entries);
  }

  /** Writes the checkpoints of these queues that moved since they were last written. */
  commitCheckpoints(queues: readonly MessageQueue[]): Promise<CommitOutcome> {
    const entries = queues.flatMap((queue) => {
      const key = queueKey(queue);
      const entry = this.checkpoints.get(key);
      return entry === undefined || this.written.get(key) === entry.offset ? [] : [entry];
    });
    return this.write(entries);
  }

  /** Forgets everything about a queue (it was released). */
  forget(queue: MessageQueue): void {
    const key = queueKey(queue);
    this.store.remove(queue);
    this.checkpoints.delete(key);
    this.written.delete(key);
  }

  /** UPDATE_CONSUMER_OFFSET (waiting for the answer) for each entry; reports what was written and what failed. */
  private async write(entries: readonly QueueOffset[]): Promise<CommitOutcome> {
    const results = await Promise.all(entries.map((entry) => this.writeOne(entry)));
    const written = entries.filter((_, i) => results[i] === undefined);
    const failed = entries.flatMap((entry, i) => (results[i] === undefined ? [] : [{ queue: entry.queue, error: results[i]!.error }]));
    if (written.length > 0) this.ctx.report({ type: 'offsets-committed', offsets: written });
    for (const f of failed) this.ctx.report({ type: 'offset-commit-failed', queue: f.queue, error: f.error });
    return { written, failed };
  }

  /** Resolves to undefined when written, else to the error. */
  private async writeOne(entry: QueueOffset): Promise<{ error: unknown } | undefined> {
    try {
      const addr = await this.ctx.addrOf(entry.queue);
      await this.ctx.port().updateConsumerOffset(addr, this.ctx.group, entry.queue, entry.offset, false);
      this.written.set(queueKey(entry.queue), entry.offset);
      return undefined;
    } catch (error) {
      return { error };
    }
  }
}
