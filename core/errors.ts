/**
 * The root of every error this library throws. Each error carries a `kind` (a stable, machine-readable
 * name), optional context fields and an optional `cause`. `isRocketMQError` recognises errors across
 * realms and duplicated package copies through a brand symbol instead of `instanceof`.
 */
const BRAND = Symbol.for('rocketmq-rx.error');

export class RocketMQError extends Error {
  readonly [BRAND] = true;
  /** Stable machine-readable name, e.g. `frame-too-large` or `invalid-topic`. */
  readonly kind: string;
  /** Context that explains the error (offending value, broker, queue, response code …). */
  readonly context: Readonly<Record<string, unknown>>;

  constructor(kind: string, message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.kind = kind;
    this.context = context;
  }
}

export function isRocketMQError(value: unknown): value is RocketMQError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
