import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { type AbortWatcher, type SignalWatch, unwatchAbort, watchAbort } from '../../adapters/remoting/transport/abort-watch.js';

class Watcher implements AbortWatcher {
  watch: SignalWatch | undefined = undefined;
  watchPrev: AbortWatcher | undefined = undefined;
  watchNext: AbortWatcher | undefined = undefined;
  constructor(
    readonly name: string,
    readonly told: string[],
    readonly onAbort: () => void = () => undefined,
  ) {}
  signalAborted(): void {
    this.told.push(this.name);
    this.onAbort();
  }
}

describe('abort watch (one listener per signal)', () => {
  it('adds one abort listener however many requests carry the signal, over and over', () => {
    const controller = new AbortController();
    const told: string[] = [];
    for (let round = 0; round < 100; round++) {
      const ws = [new Watcher('a', told), new Watcher('b', told)];
      for (const w of ws) watchAbort(controller.signal, w);
      for (const w of ws) unwatchAbort(w);
    }
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    expect(told).toEqual([]);
  });

  it('tells the watchers still in the list, oldest first, and no one twice', () => {
    const controller = new AbortController();
    const told: string[] = [];
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => new Watcher(n, told));
    for (const w of [a!, b!, c!, d!]) watchAbort(controller.signal, w);
    unwatchAbort(c!);
    controller.abort();
    controller.abort();
    expect(told).toEqual(['a', 'b', 'd']);
    expect([a, b, c, d].every((w) => w!.watch === undefined && w!.watchNext === undefined && w!.watchPrev === undefined)).toBe(true);
    unwatchAbort(a!); // after the fact: a no-op
  });

  it('skips a watcher that left while an earlier one was being told', () => {
    const controller = new AbortController();
    const told: string[] = [];
    const b = new Watcher('b', told);
    const a = new Watcher('a', told, () => unwatchAbort(b));
    watchAbort(controller.signal, a);
    watchAbort(controller.signal, b);
    controller.abort();
    expect(told).toEqual(['a']);
  });

  it('keeps signals apart', () => {
    const one = new AbortController();
    const two = new AbortController();
    const told: string[] = [];
    watchAbort(one.signal, new Watcher('one', told));
    watchAbort(two.signal, new Watcher('two', told));
    two.abort();
    expect(told).toEqual(['two']);
    one.abort();
    expect(told).toEqual(['two', 'one']);
  });
});
