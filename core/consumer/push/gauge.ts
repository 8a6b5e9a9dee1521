import { defer, type Observable, startWith, Subject } from 'rxjs';

/**
 * A number that is read often and watched rarely (a queue's messages in flight): `add` is a plain addition, and
 * only while `value$` has subscribers does a change go through a Subject.
 */
export class Gauge {
  #value = 0;
  readonly #changes = new Subject<number>();

  get value(): number {
    return this.#value;
  }

  add(n: number): void {
    this.#value += n;
    if (this.#changes.observed) this.#changes.next(this.#value);
  }

  /** The value now, then after every change. */
  readonly value$: Observable<number> = defer(() => this.#changes.pipe(startWith(this.#value)));
}
