/**
 * Timeouts without a timer each. Entries added with the same delay fall due in the order they were added, so they are
 * kept in a list in that order, and one timer per delay waits for the first of them. Adding an entry links it at the
 * end of its list; removing it (its operation settled first, the common case) unlinks it. So a request that settles
 * in time costs no timer made and none cleared: with 64 requests in flight, the list's timer is set about once per
 * delay instead of 64 times per round trip. When the timer fires, every entry now due expires in order and the timer
 * is set again for the next one; when a list empties, its timer is cleared, so nothing is left pending (with one
 * request at a time, that is a timer per request, as before).
 *
 * An entry falls due no earlier than its delay after it was added, as with a timer of its own (and no later than the
 * timer of its list allows, i.e. as late as a timer of its own might). No I/O: the timers are injected (an RxJS
 * scheduler through {@link schedulerTimers}, the transport's clock).
 */
import type { SchedulerLike, Subscription } from 'rxjs';

/** The timers a {@link Deadlines} uses. */
export interface DeadlineTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Largest delay a Node timer honours (a longer one fires after 1 ms); longer waits are set again when they end. */
const MAX_TIMER_MS = 2_147_483_647;
/** Lists kept once empty, at most (an owner uses a few delays; one of ever-new delays must not grow the map). */
const KEPT_EMPTY_LISTS = 8;

/**
 * Something that can time out, linked into the list of its delay while it waits. Subclass it (one object per
 * operation, no closure per timeout); `expired` is called once when it falls due and must not throw.
 */
export abstract class Deadline {
  /** @internal When it falls due. */
  due = 0;
  /** @internal The list it waits in, while it waits. */
  dueList: DeadlineList | undefined = undefined;
  /** @internal */
  duePrev: Deadline | undefined = undefined;
  /** @internal */
  dueNext: Deadline | undefined = undefined;

  /** Called when the entry falls due before it was removed. */
  abstract expired(): void;
}

/** The deadlines of one owner (a producer's sends, a connection's requests), a list per delay. */
export class Deadlines {
  private readonly lists = new Map<number, DeadlineList>();
  /** The list used last (most entries of an owner share one delay). */
  private last: DeadlineList | undefined = undefined;

  constructor(private readonly timers: DeadlineTimers) {}

  /**
   * Makes `entry` expire `delayMs` from `now` (the current time of the timers; passed by a caller that has just read
   * it) unless it is removed first. An entry already waiting is moved. A delay that is not finite never expires.
   */
  add(entry: Deadline, delayMs: number, now: number = this.timers.now()): void {
    if (entry.dueList !== undefined) entry.dueList.remove(entry);
    if (!(delayMs < Infinity)) return;
    const ms = Math.max(0, delayMs);
    let list = this.last;
    if (list === undefined || list.delayMs !== ms) {
      list = this.lists.get(ms);
      if (list === undefined) {
        list = new DeadlineList(this, this.timers, ms);
        this.lists.set(ms, list);
      }
      this.last = list;
    }
    list.add(entry, now + ms);
  }

  /** Stops `entry` from expiring (nothing happens if it is not waiting). */
  remove(entry: Deadline): void {
    if (entry.dueList !== undefined) entry.dueList.remove(entry);
  }

  /** How many entries are waiting (tests, leak checks). */
  get size(): number {
    let n = 0;
    for (const list of this.lists.values()) n += list.size;
    return n;
  }

  /** Forgets every waiting entry without expiring it and clears every timer. */
  dispose(): void {
    for (const list of this.lists.values()) list.clear();
    this.lists.clear();
    this.last = undefined;
  }

  /** @internal A list that emptied is kept for its delay's next entry, unless there are many (ever-new delays). */
  emptied(list: DeadlineList): void {
    if (this.lists.size <= KEPT_EMPTY_LISTS || this.lists.get(list.delayMs) !== list) return;
    this.lists.delete(list.delayMs);
    if (this.last === list) this.last = undefined;
  }
}

/** @internal The entries of one delay, in the order they fall due, and the timer of the first. */
export class DeadlineList {
  private head: Deadline | undefined = undefined;
  private tail: Deadline | undefined = undefined;
  private timer: unknown = undefined;
  private armed = false;
  size = 0;

  constructor(
    private readonly owner: Deadlines,
    private readonly timers: DeadlineTimers,
    readonly delayMs: number,
  ) {}

  add(entry: Deadline, due: number): void {
    entry.due = due;
    entry.dueList = this;
    entry.duePrev = this.tail;
    entry.dueNext = undefined;
    if (this.tail === undefined) this.head = entry;
    else this.tail.dueNext = entry;
    this.tail = entry;
    this.size++;
    if (!this.armed) this.arm(this.delayMs);
  }

  remove(entry: Deadline): void {
    this.unlink(entry);
    if (this.size === 0) {
      this.disarm();
      this.owner.emptied(this);
    }
  }

  clear(): void {
    while (this.head !== undefined) this.unlink(this.head);
    this.disarm();
  }

  private unlink(entry: Deadline): void {
    const { duePrev: prev, dueNext: next } = entry;
    if (prev === undefined) this.head = next;
    else prev.dueNext = next;
    if (next === undefined) this.tail = prev;
    else next.duePrev = prev;
    entry.dueList = undefined;
    entry.duePrev = undefined;
    entry.dueNext = undefined;
    this.size--;
  }

  private arm(ms: number): void {
    this.armed = true;
    this.timer = this.timers.setTimeout(() => this.fire(), Math.min(ms, MAX_TIMER_MS));
  }

  private disarm(): void {
    if (!this.armed) return;
    this.armed = false;
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private fire(): void {
    this.armed = false;
    this.timer = undefined;
    const now = this.timers.now();
    // Entries added while expiring others fall due later than now, so the loop ends.
    let head = this.head;
    while (head !== undefined && head.due <= now) {
      this.unlink(head);
      head.expired();
      head = this.head;
    }
    if (head !== undefined) {
      if (!this.armed) this.arm(head.due - now);
    } else {
      this.owner.emptied(this);
    }
  }
}

/** {@link DeadlineTimers} on an RxJS scheduler (virtual time under a `TestScheduler`). */
export function schedulerTimers(scheduler: SchedulerLike): DeadlineTimers {
  return {
    now: () => scheduler.now(),
    setTimeout: (fn, ms) => scheduler.schedule(fn, ms),
    clearTimeout: (handle) => (handle as Subscription).unsubscribe(),
  };
}
