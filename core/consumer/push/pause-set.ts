import { type Observable, Subject } from 'rxjs';
import { type MessageQueue, queueKey } from '../../message/message-queue.js';

/** The topics and queues a user paused (`pause()` / `resume()`); a paused queue does not pull. */
export class PauseSet {
  private readonly topics = new Set<string>();
  private readonly queues = new Set<string>();
  private readonly changes = new Subject<void>();

  /** Emits after every change. */
  get changed$(): Observable<void> {
    return this.changes.asObservable();
  }

  isPaused(queue: MessageQueue): boolean {
    if (this.topics.has(queue.topic)) return true;
    return this.queues.size > 0 && this.queues.has(queueKey(queue));
  }

  pause(target: string | MessageQueue): void {
    if (typeof target === 'string') this.topics.add(target);
    else this.queues.add(queueKey(target));
    this.changes.next();
  }

  resume(target: string | MessageQueue): void {
    if (typeof target === 'string') this.topics.delete(target);
    else this.queues.delete(queueKey(target));
    this.changes.next();
  }

  complete(): void {
    this.changes.complete();
  }
}
