import { defer, finalize, type MonoTypeOperatorFunction, type Observable, tap } from 'rxjs';
import { ValidationError } from '../core/validation/validation-error.js';
import { describeTarget } from './errors.js';
import type { HandlerContext, HandlerInterceptor } from './interceptor-types.js';
import type { RocketMQLogger } from './logger.js';
import { type Constructor, defineOnce } from './metadata.js';
import { METADATA_KEYS } from './metadata-keys.js';
import { checkInterceptors } from './validate.js';

/**
 * Interceptors for every handler of a class (on the class) or for one handler method (on the method). The order
 * around a handler is: the module's, the class's, the method's (or `@Consumer`'s `interceptors` option), the first
 * of each list outermost.
 */
export function UseInterceptors(...interceptors: HandlerInterceptor[]): ClassDecorator & MethodDecorator {
  return (target: object, propertyKey?: string | symbol) => {
    const cls = (typeof target === 'function' ? target : target.constructor) as Constructor;
    const where = describeTarget(cls, propertyKey);
    const checked = checkInterceptors(interceptors, where);
    if (propertyKey === undefined) defineOnce(METADATA_KEYS.interceptors, checked, 'UseInterceptors', cls, cls);
    else defineOnce(METADATA_KEYS.interceptors, checked, 'UseInterceptors', cls, target, propertyKey);
  };
}

/** Runs `invoke` (cold) inside `interceptors`, the first outermost. */
export function intercept(interceptors: readonly HandlerInterceptor[], context: HandlerContext, invoke: Observable<unknown>): Observable<unknown> {
  let result = invoke;
  for (let i = interceptors.length - 1; i >= 0; i -= 1) result = result.pipe(interceptors[i]!(context));
  return result;
}

function ids(context: HandlerContext): Record<string, unknown> {
  const where = { handler: `${context.className}.${context.method}`, group: context.group, topic: context.topic };
  if (context.form === 'message') return { ...where, msgId: context.message.msgId, tags: context.message.tags, reconsumeTimes: context.message.reconsumeTimes };
  if (context.form === 'batch') return { ...where, msgIds: context.messages.map((m) => m.msgId) };
  return where;
}

/** Logs each invocation at `debug` and each failure at `warn` (with the message id and reconsume count). */
export function loggingInterceptor(logger: RocketMQLogger): HandlerInterceptor {
  return (context) => (source) =>
    defer(() => {
      logger.debug(`handling ${context.form} in ${context.className}.${context.method}`, ids(context));
      return source.pipe(
        tap({
          complete: () => logger.debug(`handled in ${context.className}.${context.method}`, ids(context)),
          error: (error: unknown) => logger.warn(`handler ${context.className}.${context.method} failed: ${String(error)}`, { ...ids(context), error }),
        }),
      );
    });
}

/** One timed invocation. */
export interface HandlerTiming {
  readonly context: HandlerContext;
  readonly durationMs: number;
  readonly outcome: 'success' | 'failure' | 'cancelled';
  readonly error?: unknown;
}

/** Reports how long each invocation took and how it ended; `now` is the clock (default `performance.now`). */
export function timingInterceptor(record: (timing: HandlerTiming) => void, now: () => number = () => performance.now()): HandlerInterceptor {
  return (context) => (source) =>
    defer(() => {
      const started = now();
      let outcome: HandlerTiming['outcome'] = 'cancelled';
      let error: unknown;
      return source.pipe(
        tap({ complete: () => (outcome = 'success'), error: (e: unknown) => ((outcome = 'failure'), (error = e)) }),
        finalize(() => record({ context, durationMs: now() - started, outcome, ...(outcome === 'failure' ? { error } : {}) })),
      );
    });
}

/** What a payload check returns: `true`/nothing when valid, `false` or a reason when not. */
export type PayloadCheck = (payload: unknown, context: HandlerContext) => boolean | string | void;

/**
 * Checks each message's payload before the handler runs. An invalid payload fails the invocation with a
 * `ValidationError('invalid-message')` (so it is retried and, past `maxReconsumeTimes`, dead-lettered), or with
 * `onInvalid: 'skip'` is acknowledged without calling the handler (reported through `onSkip`). Stream handlers are
 * not checked here (validate inside the pipeline).
 */
export function validationInterceptor(check: PayloadCheck, opts: { onInvalid?: 'fail' | 'skip'; onSkip?: (error: ValidationError, context: HandlerContext) => void } = {}): HandlerInterceptor {
  const onInvalid = opts.onInvalid ?? 'fail';
  return (context): MonoTypeOperatorFunction<unknown> => (source) =>
    defer(() => {
      const payloads = context.form === 'message' ? [context.message] : context.form === 'batch' ? context.messages : [];
      for (const message of payloads) {
        const verdict = check(message.payload, context);
        if (verdict === true || verdict === undefined) continue;
        const reason = typeof verdict === 'string' ? verdict : 'failed validation';
        const error = new ValidationError('invalid-message', `payload of ${message.msgId}`, message.payload, reason);
        if (onInvalid === 'fail') throw error;
        opts.onSkip?.(error, context);
        return [undefined];
      }
      return source;
    });
}
