import { BehaviorSubject, type Observable } from 'rxjs';

/** A list of what happened, with an observable count, so a sample can wait for "N things" without polling. */
export class Tally<T> {
  private readonly items: T[] = [];
  private readonly count = new BehaviorSubject(0);

  add(item: T): void {
    this.items.push(item);
    this.count.next(this.items.length);
  }

  get all(): readonly T[] {
    return this.items;
  }

  /** The number of items, now and after each addition. */
  get count$(): Observable<number> {
    return this.count.asObservable();
  }
}
