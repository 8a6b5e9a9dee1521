import { RocketMQError } from '../../../core/errors.js';

/** What can go wrong inside the embedded broker engine itself (never caused by a client's bad input). */
export type EngineErrorKind =
  /** A broker or name-server option is out of range. */
  | 'invalid-config'
  /** The engine was used before `start()` or after `close()`. */
  | 'engine-not-running'
  /** A stored record could not be decoded (store corruption, never client input). */
  | 'corrupt-record'
  /** A write the broker makes on its own behalf (delayed delivery, a discarded half message) was refused. */
  | 'internal-write-failed'
  /** An internal invariant was broken (a bug, never client input). */
  | 'invariant-violated';

/** An engine failure. Bad client input never throws: it becomes a response code with a remark. */
export class EngineError extends RocketMQError {
  declare readonly kind: EngineErrorKind;

  constructor(kind: EngineErrorKind, message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(kind, message, context, options);
  }
}
