import { Observable } from 'rxjs';
import { SendError } from './errors.js';
import type { InFlightLimiter } from './in-flight-limiter.js';
import type { Lifecycle } from './lifecycle.js';
import type { PreparedMessage } from './prepare.js';
import type { SendPipeline, SendPlan } from './send-pipeline.js';
import type { SendResult } from './send-result.js';
import { sendAborted, SendTicket } from './send-ticket.js';

/** A prepared send: the message (or batch envelope), how it goes out and the bytes it holds in flight. */
export interface Outgoing {
  readonly prepared: PreparedMessage;
  readonly plan: SendPlan;
  readonly bytes: number;
  /** Set when the send may join an auto batch (`autoBatch`): the batch it joins (wire topic, WAIT, timeout). */
  readonly autoBatchKey?: string;
}

/** Where sends with an `autoBatchKey` go once they hold their room (the producer's auto batcher). */
export interface AutoBatchSink {
  /** Takes the send into a pending batch (or sends it on its own); settles `ticket` with its own result. */
  add(out: Outgoing, ticket: SendTicket): void;
}

/** What the send core uses of its producer. */
export interface SendCoreHost {
  readonly lifecycle: Lifecycle;
  readonly limiter: InFlightLimiter;
  /** The started client's pipeline (throws `producer-not-started` before start). */
  pipeline(): SendPipeline;
  /** The auto batcher, when `autoBatch` is on. */
  readonly batcher?: AutoBatchSink;
}

/**
 * The producer's sends without an Observable per send: admission (lifecycle), prepare, room in the in-flight
 * limiter, then route, attempts and retries ({@link SendPipeline.send}), as plain callbacks around one
 * {@link SendTicket}. RxJS stays at the edge: `send$` is a cold Observable over the same core whose unsubscribe
 * abandons the send (aborting the request in flight); `send` is a Promise whose AbortSignal does the same.
 */
export class SendCore {
  constructor(private readonly host: SendCoreHost) {}

  /** Sends; the caller's `signal` rejects it at once with `send-aborted` and frees what it holds. */
  send(topic: string, signal: AbortSignal | undefined, outgoing: () => Outgoing): Promise<SendResult> {
    if (signal?.aborted) return Promise.reject(sendAborted(topic, signal));
    return new Promise<SendResult>((resolve, reject) => {
      if (!signal) {
        this.run(new SendTicket(this.release, resolve, reject), outgoing);
        return;
      }
      const onAbort = (): void => ticket.abort(sendAborted(topic, signal));
      const ticket = new SendTicket(
        this.release,
        (result) => {
          signal.removeEventListener('abort', onAbort);
          resolve(result);
        },
        (error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
      signal.addEventListener('abort', onAbort, { once: true });
      this.run(ticket, outgoing);
    });
  }

  /** A cold Observable of the same: nothing happens before subscription; unsubscribing abandons the send. */
  send$(topic: string, signal: AbortSignal | undefined, outgoing: () => Outgoing): Observable<SendResult> {
    return new Observable<SendResult>((subscriber) => {
      if (signal?.aborted) {
        subscriber.error(sendAborted(topic, signal));
        return undefined;
      }
      const ticket = new SendTicket(
        this.release,
        (result) => {
          subscriber.next(result);
          subscriber.complete();
        },
        (error) => subscriber.error(error),
      );
      const onAbort = (): void => ticket.abort(sendAborted(topic, signal!));
      signal?.addEventListener('abort', onAbort, { once: true });
      this.run(ticket, outgoing);
      return () => {
        signal?.removeEventListener('abort', onAbort);
        if (!ticket.settled) ticket.abort(new SendError('send-aborted', 'the send was abandoned by its subscriber', { topic }));
      };
    });
  }

  private run(ticket: SendTicket, outgoing: () => Outgoing): void {
    let starting: Promise<void> | undefined;
    try {
      starting = this.host.lifecycle.enter();
    } catch (error) {
      ticket.reject(error);
      return;
    }
    ticket.active = true;
    if (starting) {
      starting.then(
        () => this.admitted(ticket, outgoing),
        (error: unknown) => ticket.reject(error),
      );
    } else {
      this.admitted(ticket, outgoing);
    }
  }

  /** Admitted by the lifecycle: prepare, then take room (or wait for it in line). */
  private admitted(ticket: SendTicket, outgoing: () => Outgoing): void {
    if (ticket.settled) return;
    let out: Outgoing;
    try {
      out = outgoing();
    } catch (error) {
      ticket.reject(error);
      return;
    }
    const limiter = this.host.limiter;
    if (limiter.tryEnter(out.bytes)) {
      ticket.bytes = out.bytes;
      this.go(ticket, out);
      return;
    }
    let admitted = false;
    const waiter = limiter.wait(out.bytes, () => {
      admitted = true;
      ticket.bytes = out.bytes;
      ticket.onAbort(undefined);
      this.go(ticket, out);
    });
    if (!admitted) ticket.onAbort(() => limiter.leave(waiter));
  }

  private go(ticket: SendTicket, out: Outgoing): void {
    try {
      const batcher = this.host.batcher;
      if (batcher && out.autoBatchKey !== undefined) batcher.add(out, ticket);
      else this.host.pipeline().send(out.prepared, out.plan, ticket);
    } catch (error) {
      ticket.reject(error);
    }
  }

  /** Hands back what a send holds (its fields say what is still held): room first, then its lifecycle count. */
  private readonly release = (ticket: SendTicket): void => {
    if (ticket.bytes >= 0) {
      const bytes = ticket.bytes;
      ticket.bytes = -1;
      this.host.limiter.release(bytes);
    }
    if (ticket.active) {
      ticket.active = false;
      this.host.lifecycle.leave();
    }
  };
}
