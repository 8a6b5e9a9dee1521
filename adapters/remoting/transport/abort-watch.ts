/**
 * One `abort` listener per AbortSignal, shared by every request that carries it. Node's EventTarget costs about a
 * microsecond to add and remove a listener, which a request per message paid twice; the pull loop (and a producer
 * over a port without `sendTo`) hands the same pooled signals to request after request, so the listener is added
 * once per signal and the requests only join and leave an intrusive list (no allocation, O(1) each way). A
 * producer's sends carry no signal: they are cancelled through their request (`Connection.requestWithin`).
 */

/** What a request keeps to be told of its signal's abort (its own fields: no object per watch). */
export interface AbortWatcher {
  /** The signal fired while this watcher was in its list. Called once; the watcher has already left the list. */
  signalAborted(): void;
  watch: SignalWatch | undefined;
  watchPrev: AbortWatcher | undefined;
  watchNext: AbortWatcher | undefined;
}

/** The watchers of one signal, and that signal's single listener (this object, through `handleEvent`). */
export class SignalWatch {
  private head: AbortWatcher | undefined = undefined;

  /**
   * The signal's `abort` event: each watcher in the list when it fired is told, oldest first, unless it left the
   * list meanwhile (a request settled by an earlier watcher's abort).
   */
  handleEvent(): void {
    const fired: AbortWatcher[] = [];
    for (let w = this.head; w !== undefined; w = w.watchNext) fired.push(w);
    for (let i = fired.length - 1; i >= 0; i--) {
      const watcher = fired[i]!;
      if (watcher.watch !== this) continue;
      this.remove(watcher);
      watcher.signalAborted();
    }
  }

  add(watcher: AbortWatcher): void {
    watcher.watch = this;
    watcher.watchPrev = undefined;
    watcher.watchNext = this.head;
    if (this.head !== undefined) this.head.watchPrev = watcher;
    this.head = watcher;
  }

  remove(watcher: AbortWatcher): void {
    if (watcher.watchPrev !== undefined) watcher.watchPrev.watchNext = watcher.watchNext;
    else this.head = watcher.watchNext;
    if (watcher.watchNext !== undefined) watcher.watchNext.watchPrev = watcher.watchPrev;
    watcher.watch = watcher.watchPrev = watcher.watchNext = undefined;
  }
}

const watches = new WeakMap<AbortSignal, SignalWatch>();

/**
 * Tells `watcher` when `signal` aborts, until {@link unwatchAbort}. The signal must not have aborted yet (callers
 * reject such requests before they start). The signal's one listener stays while the signal lives (it goes with it).
 */
export function watchAbort(signal: AbortSignal, watcher: AbortWatcher): void {
  let watch = watches.get(signal);
  if (watch === undefined) {
    watch = new SignalWatch();
    watches.set(signal, watch);
    signal.addEventListener('abort', watch, { once: true });
  }
  watch.add(watcher);
}

/** Stops telling `watcher` (no-op when it is not watching, e.g. after its signal fired). */
export function unwatchAbort(watcher: AbortWatcher): void {
  watcher.watch?.remove(watcher);
}
