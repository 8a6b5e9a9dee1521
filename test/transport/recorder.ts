import type { RequestSink } from '../../adapters/remoting/transport/request-guard.js';

/** A sink that records its one outcome, and whether it came inside the call that made the request. */
export class Recorder<T> implements RequestSink<T> {
  outcomes: ({ value: T } | { error: Error })[] = [];
  inCall = false;
  calledInCall = false;
  readonly settled: Promise<void>;
  private done!: () => void;

  constructor() {
    this.settled = new Promise((resolve) => (this.done = resolve));
  }

  resolved(value: T): void {
    this.calledInCall ||= this.inCall;
    this.outcomes.push({ value });
    this.done();
  }

  rejected(error: Error): void {
    this.calledInCall ||= this.inCall;
    this.outcomes.push({ error });
    this.done();
  }

  /** Runs `make` (the call that makes the request, given this sink) flagged as "in the call". */
  during(make: (sink: this) => void): this {
    this.inCall = true;
    try {
      make(this);
    } finally {
      this.inCall = false;
    }
    return this;
  }
}
