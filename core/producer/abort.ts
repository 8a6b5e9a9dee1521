import { Observable } from 'rxjs';
import { SendError } from './errors.js';

/**
 * Ties an Observable to an AbortSignal: when the signal fires, the Observable fails with `SendError('send-aborted')`
 * and its source is unsubscribed (which aborts the request in flight). Without a signal, the source is returned.
 */
export function abortable<T>(source: Observable<T>, signal: AbortSignal | undefined, topic: string): Observable<T> {
  if (!signal) return source;
  return new Observable<T>((subscriber) => {
    const fail = () => subscriber.error(new SendError('send-aborted', 'the send was aborted by its caller', { topic }, { cause: signal.reason }));
    if (signal.aborted) {
      fail();
      return undefined;
    }
    signal.addEventListener('abort', fail, { once: true });
    const inner = source.subscribe(subscriber);
    return () => {
      signal.removeEventListener('abort', fail);
      inner.unsubscribe();
    };
  });
}
