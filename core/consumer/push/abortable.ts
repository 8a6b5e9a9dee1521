import { Observable } from 'rxjs';
import { ConsumerError } from './errors.js';

/**
 * One spare AbortController for calls made one at a time (a queue's pulls). Creating an `AbortSignal` costs
 * microseconds in Node.js 20, and a call that settled without being aborted leaves its signal as new — the port
 * removes its abort listener when the call settles — so it can carry the next call. A controller that fired is
 * never reused.
 */
export class ControllerSlot {
  private spare: AbortController | undefined;

  /** The spare controller, or a new one. */
  take(): AbortController {
    const controller = this.spare ?? new AbortController();
    this.spare = undefined;
    return controller;
  }

  /** Keeps the controller of a call that settled, unless it fired. */
  give(controller: AbortController): void {
    if (!controller.signal.aborted) this.spare = controller;
  }
}

/**
 * A cold Observable of one Promise-returning call that receives an AbortSignal: the call starts on subscription and
 * is aborted when the subscriber leaves before it settled (e.g. a long-polled pull when its queue is released). With
 * a `slot`, the controller comes from it and goes back to it once the call settled unaborted.
 */
export function fromAbortable<T>(call: (signal: AbortSignal) => Promise<T>, slot?: ControllerSlot): Observable<T> {
  return new Observable<T>((subscriber) => {
    const controller = slot ? slot.take() : new AbortController();
    let settled = false;
    call(controller.signal).then(
      (value) => {
        settled = true;
        slot?.give(controller);
        subscriber.next(value);
        subscriber.complete();
      },
      (error: unknown) => {
        settled = true;
        slot?.give(controller);
        subscriber.error(error);
      },
    );
    return () => {
      if (!settled) controller.abort(new ConsumerError('pull-abandoned', 'the pull was abandoned by the consumer'));
    };
  });
}
