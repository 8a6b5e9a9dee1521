import { RocketMQError } from '../core/errors.js';

/**
 * Kinds of {@link DecoratorError}: a declaration that cannot work, found as early as possible (when the decorator
 * runs, when the container is explored, or when the groups are merged).
 */
export type DecoratorErrorKind =
  /** A class was named (e.g. in `include`) but is not bound in the container. */
  | 'not-bound'
  /** `@Consumer` / `@OnMessage` without a topic. */
  | 'missing-topic'
  /** A consumer handler without a group (neither in its options nor from `@ConsumerGroup`). */
  | 'missing-group'
  /** The handler named by a decorator is not a method (a field, an accessor, a missing name). */
  | 'not-a-method'
  /** The same decorator twice on one class or method. */
  | 'decorated-twice'
  /** A tag expression that RocketMQ rejects (`a | b`, `* || a`, only separators …). */
  | 'invalid-tag-expression'
  /** Two classes (or methods) share a consumer group but disagree on a group-wide option. */
  | 'group-options-mismatch'
  /** A topic name that RocketMQ rejects. */
  | 'invalid-topic'
  /** An option of a decorator that is unknown, mistyped or out of range. */
  | 'invalid-options'
  /** Two handlers of one group claim the same topic and tag (or both take `*`). */
  | 'duplicate-handler'
  /** A handler form that cannot be combined with its group (e.g. a stream handler in an orderly group). */
  | 'unsupported-handler'
  /** `@InjectProducer()` in a class without `@Producer`, or a transaction method without `@Producer`. */
  | 'missing-producer';

/** A misuse of the decorators; `context` names the class, method, option or value involved. */
export class DecoratorError extends RocketMQError {
  declare readonly kind: DecoratorErrorKind;

  constructor(kind: DecoratorErrorKind, message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(kind, message, context, options);
  }
}

/** Kinds of {@link AppError}: the application's configuration and lifecycle. */
export type AppErrorKind =
  /** `createRocketMQApp` on a container without `RocketMQModule` loaded. */
  | 'module-not-loaded'
  /** Module options that cannot work (no name server and no embedded broker, bad values …). */
  | 'invalid-module-options'
  /** `start()` after `stop()`. */
  | 'app-stopped'
  /** `start()` failed; `cause` says why (everything already started was stopped again). */
  | 'start-failed'
  /** A producer was used before the app started or after it stopped. */
  | 'producer-not-started'
  /** A send without a topic, and the producer has no default topic. */
  | 'missing-topic'
  /** `sendInTransaction` on a producer class without a `@LocalTransaction` method. */
  | 'no-local-transaction'
  /**
   * A class bound with others under one service id, none of whose instances (`getAll`) is of that class (e.g. its
   * binding is named or tagged, or an activation handler replaced the instance).
   */
  | 'instance-not-found';

/** A failure of the application as a whole (configuration, start, stop, use outside its lifetime). */
export class AppError extends RocketMQError {
  declare readonly kind: AppErrorKind;

  constructor(kind: AppErrorKind, message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(kind, message, context, options);
  }
}

/** `Class` or `Class.method` for error messages. */
export function describeTarget(cls: unknown, method?: string | symbol): string {
  const name = (typeof cls === 'function' && cls.name) || '(anonymous class)';
  return method === undefined ? name : `${name}.${String(method)}`;
}
