/** Most idle controllers a pool keeps (more than the sends a producer usually has in flight). */
const MAX_IDLE = 1024;

/**
 * Recycles the AbortControllers of settled requests (a consumer's pulls; a producer's sends through a port without
 * `sendTo`, whose sends are cancelled through a handle instead). Creating an `AbortSignal` costs several microseconds
 * in Node.js 20 (the signal is an EventTarget whose prototype is swapped), and a request that settled without being
 * aborted leaves its signal as new — the port removes its abort listener when the request settles — so it can carry
 * the next request. A controller that fired is never reused.
 */
export class AbortControllerPool {
  private readonly idle: AbortController[] = [];

  /** A controller whose signal has not fired. */
  take(): AbortController {
    return this.idle.pop() ?? new AbortController();
  }

  /**
   * Hands back the controller of a request that settled, which its caller knows did not fire (it alone aborts it):
   * `give` without reading the signal's state (dropped if the pool is full).
   */
  reuse(controller: AbortController): void {
    if (this.idle.length < MAX_IDLE) this.idle.push(controller);
  }

  /** Hands back the controller of a request that settled (dropped if it fired, or if the pool is full). */
  give(controller: AbortController): void {
    if (!controller.signal.aborted && this.idle.length < MAX_IDLE) this.idle.push(controller);
  }
}
