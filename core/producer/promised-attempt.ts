import type { BrokerPort, Cancelable, Reply, SendRequest, SendResponse } from '../ports/broker-port.js';
import type { AbortControllerPool } from './controller-pool.js';

/**
 * One attempt through a port that has only the Promise form of a send (`send`, no `sendTo`): abandoned through an
 * AbortController taken from `pool`, which gets it back once the request settled without being abandoned (its
 * signal then has not fired, and the port has let go of it).
 */
export function promisedAttempt(
  port: BrokerPort,
  addr: string,
  req: SendRequest,
  timeoutMs: number,
  pool: AbortControllerPool,
  reply: Reply<SendResponse>,
): Cancelable {
  const attempt = new PromisedAttempt(pool);
  port.send(addr, req, { timeoutMs, signal: attempt.signal }).then(
    (response) => {
      attempt.settled();
      reply.resolved(response);
    },
    (error: unknown) => {
      attempt.settled();
      reply.rejected(error);
    },
  );
  return attempt;
}

class PromisedAttempt implements Cancelable {
  /** The controller while the request is live; `undefined` once it settled or was cancelled. */
  private controller: AbortController | undefined;
  readonly signal: AbortSignal;

  constructor(private readonly pool: AbortControllerPool) {
    this.controller = pool.take();
    this.signal = this.controller.signal;
  }

  cancel(reason: unknown): void {
    const controller = this.controller;
    this.controller = undefined;
    controller?.abort(reason);
  }

  settled(): void {
    const controller = this.controller;
    this.controller = undefined;
    if (controller !== undefined) this.pool.reuse(controller);
  }
}
