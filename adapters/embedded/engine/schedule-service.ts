import { ResponseCode } from '../../remoting/protocol/codes.js';
import { MessageProperty } from '../../remoting/protocol/message/properties.js';
import type { MessageStore } from '../store/message-store.js';
import type { TimerSet } from './clock.js';
import { EngineError } from './errors.js';
import { emitSafely, type EngineEventSink } from './events.js';
import type { MessageWriter, StoredMessage } from './message-writer.js';
import { javaPropertiesString } from './java-properties.js';
import { lookMessage, messageFrom } from './record-reader.js';
import { SCHEDULE_TOPIC } from './topic-names.js';

const STATE_KEY = 'engine.scheduleOffsets';
const RETRY_AFTER_FAILURE_MS = 1_000;
const READ_BATCH = 64;

export interface ScheduleServiceDeps {
  store: MessageStore;
  writer: () => MessageWriter;
  levels: number;
  timers: TimerSet;
  now: () => number;
  onEvent: EngineEventSink | undefined;
}

/**
 * Delivers delayed messages (Java `ScheduleMessageService`). Queue `level − 1` of SCHEDULE_TOPIC_XXXX holds the
 * messages of one level in delivery order; the consume-queue tags code of each entry is its delivery time. One owned
 * timer fires at the earliest due time; due messages are re-stored to REAL_TOPIC / REAL_QID (properties kept, as a
 * 4.9 broker does) and each level's position is persisted with `putState`.
 */
export class ScheduleService {
  private positions: number[] = [];
  private cancelTimer: (() => void) | undefined;
  private timerDue = Infinity;
  private running: Promise<void> | undefined;
  private started = false;

  constructor(private readonly deps: ScheduleServiceDeps) {}

  load(): void {
    const saved = JSON.parse(this.deps.store.getState(STATE_KEY) ?? '[]') as number[];
    this.positions = Array.from({ length: this.deps.levels }, (_, q) => saved[q] ?? 0);
  }

  start(): void {
    this.started = true;
    this.arm(this.nextDue());
  }

  async close(): Promise<void> {
    this.started = false;
    this.disarm();
    await this.running;
  }

  /** Arrival listener: a newly scheduled message may be due before the armed timer. */
  onArrival = (stored: StoredMessage): void => {
    if (stored.topic === SCHEDULE_TOPIC && this.started && this.running === undefined && stored.tagsCode < this.timerDue) {
      this.arm(stored.tagsCode);
    }
  };

  /** Delivered position (next schedule-queue offset) of a level. */
  position(level: number): number {
    return this.positions[level - 1] ?? 0;
  }

  private arm(dueAt: number): void {
    this.disarm();
    if (!this.started || dueAt === Infinity) return;
    this.timerDue = dueAt;
    this.cancelTimer = this.deps.timers.after(dueAt - this.deps.now(), () => {
      this.cancelTimer = undefined;
      this.timerDue = Infinity;
      this.running = this.tick().finally(() => (this.running = undefined));
    });
  }

  private disarm(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.timerDue = Infinity;
  }

  private async tick(): Promise<void> {
    let next: number;
    try {
      for (let q = 0; q < this.deps.levels && this.started; q++) await this.deliverLevel(q);
      await this.deps.store.putState(STATE_KEY, JSON.stringify(this.positions));
      next = this.nextDue();
    } catch (error) {
      emitSafely(this.deps.onEvent, { type: 'error', where: 'schedule-delivery', error });
      next = this.deps.now() + RETRY_AFTER_FAILURE_MS;
    }
    this.arm(next);
  }

  /** Delivers the due messages of queue `q`, stopping at the first one not yet due. */
  private async deliverLevel(q: number): Promise<void> {
    const { store } = this.deps;
    let pos = Math.max(this.positions[q] ?? 0, store.minOffset(SCHEDULE_TOPIC, q));
    this.positions[q] = pos;
    while (pos < store.maxOffset(SCHEDULE_TOPIC, q)) {
      const entries = store.readEntries(SCHEDULE_TOPIC, q, pos, READ_BATCH);
      if (entries.length === 0) return;
      for (const e of entries) {
        if (e.tagsCode > this.deps.now()) return;
        await this.deliver(e.physicalOffset);
        pos = e.queueOffset + 1;
        this.positions[q] = pos;
      }
    }
  }

  /** Due time of the earliest message still waiting in any level (Infinity when none). */
  private nextDue(): number {
    let next = Infinity;
    for (let q = 0; q < this.deps.levels; q++) {
      const pos = Math.max(this.positions[q] ?? 0, this.deps.store.minOffset(SCHEDULE_TOPIC, q));
      const first = this.deps.store.readEntries(SCHEDULE_TOPIC, q, pos, 1)[0];
      if (first !== undefined) next = Math.min(next, first.tagsCode);
    }
    return next;
  }

  private async deliver(physicalOffset: number): Promise<void> {
    const found = lookMessage(this.deps.store, physicalOffset);
    if (found === undefined) return this.dropped(physicalOffset, 'the scheduled record is gone');
    const realTopic = found.properties[MessageProperty.REAL_TOPIC];
    const realQid = Number(found.properties[MessageProperty.REAL_QUEUE_ID]);
    if (realTopic === undefined || !Number.isInteger(realQid) || realQid < 0) {
      return this.dropped(physicalOffset, 'REAL_TOPIC / REAL_QID missing or invalid');
    }
    // Java messageTimeup: the stored string parsed into a HashMap and re-encoded (DELAY kept, WAIT as stored).
    const message = { ...messageFrom(found), topic: realTopic, queueId: realQid, propertiesString: javaPropertiesString(found.properties) };
    const result = await this.deps.writer().put(message);
    if (result.ok) return;
    if (result.failure.code === ResponseCode.MESSAGE_ILLEGAL) return this.dropped(physicalOffset, result.failure.remark);
    throw new EngineError('internal-write-failed', `re-storing the delayed message at ${physicalOffset} failed: ${result.failure.remark}`, {
      physicalOffset, code: result.failure.code, remark: result.failure.remark,
    });
  }

  private dropped(physicalOffset: number, reason: string): void {
    emitSafely(this.deps.onEvent, { type: 'delay-dropped', physicalOffset, reason });
  }
}
