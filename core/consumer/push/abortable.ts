import { Observable } from 'rxjs';

/**
 * A cold Observable of one Promise-returning call that receives an AbortSignal: the call starts on subscription and
 * is aborted when the subscriber leaves before it settled (e.g. a long-polled pull when its queue is released).
 */
export function fromAbortable<T>(call: (signal: AbortSignal) => Promise<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    const controller = new AbortController();
    let settled = false;
    call(controller.signal).then(
      (value) => {
        settled = true;
        subscriber.next(value);
        subscriber.complete();
      },
      (error: unknown) => {
        settled = true;
        subscriber.error(error);
      },
    );
    return () => {
      if (!settled) controller.abort(new Error('abandoned by the consumer'));
    };
  });
}
