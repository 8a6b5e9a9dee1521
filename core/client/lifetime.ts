import { Subscription } from 'rxjs';

/**
 * The owner of an object's subscriptions, timers and abort controllers: everything it starts is tracked here and
 * released by `dispose()`. `live` counts what is still running, so tests can prove a stopped object left nothing.
 */
export class Lifetime {
  private readonly owned = new Set<Subscription>();
  private disposed = false;

  /** Tracks `teardown` until it is released (by itself or by `dispose`). Disposed lifetimes release it at once. */
  track(teardown: Subscription | (() => void)): Subscription {
    const sub = teardown instanceof Subscription ? teardown : new Subscription(teardown);
    if (this.disposed) {
      sub.unsubscribe();
      return sub;
    }
    this.owned.add(sub);
    sub.add(() => this.owned.delete(sub));
    return sub;
  }

  /** An AbortController aborted when the lifetime ends; call `release` once the operation is over. */
  abortController(): { signal: AbortSignal; release: () => void } {
    const controller = new AbortController();
    const sub = this.track(() => controller.abort(new Error('owner disposed')));
    return { signal: controller.signal, release: () => this.release(sub) };
  }

  private release(sub: Subscription): void {
    this.owned.delete(sub);
  }

  /** How many tracked resources are still alive. */
  get live(): number {
    return this.owned.size;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Releases everything tracked; later `track` calls release immediately. Idempotent. */
  dispose(): void {
    this.disposed = true;
    for (const sub of [...this.owned]) sub.unsubscribe();
    this.owned.clear();
  }
}
