import { resolveConsumerOptions, resolveProducerOptions } from '../core/defaults.js';
import { parseTagExpression } from '../core/consumer/subscription.js';
import { validateTopic } from '../core/validation/names.js';
import { DecoratorError } from './errors.js';
import type { ConsumerGroupOptions, ProducerDecoratorOptions } from './options.js';
import type { PayloadCodec } from '../core/codec/payload-codec.js';
import type { HandlerInterceptor } from './interceptor-types.js';

/** Where a declaration is, for error messages (`OrderConsumer`, `Audit.onPayment`). */
export type Where = string;

/** The topic of a subscription: present and valid, else `missing-topic` / `invalid-topic`. */
export function checkTopic(topic: unknown, where: Where): string {
  if (topic === undefined || topic === null || (typeof topic === 'string' && topic.trim() === '')) {
    throw new DecoratorError('missing-topic', `${where}: a consumer needs a topic, e.g. @Consumer('OrderEvents', '*', { group })`, { target: where, topic });
  }
  try {
    validateTopic(topic);
  } catch (cause) {
    throw new DecoratorError('invalid-topic', `${where}: ${errorText(cause)}`, { target: where, topic }, { cause });
  }
  return topic;
}

/** A tag expression (`*`, `a || b`); undefined or blank means `*`. Else `invalid-tag-expression`. */
export function checkTagExpression(expression: unknown, where: Where): string {
  if (expression === undefined || expression === null) return '*';
  if (typeof expression !== 'string') {
    throw new DecoratorError('invalid-tag-expression', `${where}: the tag expression must be a string like 'a || b' or '*'`, { target: where, expression });
  }
  try {
    parseTagExpression(expression);
  } catch (cause) {
    throw new DecoratorError('invalid-tag-expression', `${where}: ${errorText(cause)}`, { target: where, expression }, { cause });
  }
  return expression.trim() === '' ? '*' : expression.trim();
}

/** The core consumer options of group options (without `codec`, which the app maps to `fallbackCodec`). */
export function coreConsumerOptions(options: ConsumerGroupOptions): Record<string, unknown> {
  const { codec: _codec, ...rest } = options;
  return rest;
}

/**
 * Checks group options as the core consumer will (unknown keys, types, ranges, group name); a missing group is
 * allowed here when `groupRequired` is false (it may come from `@ConsumerGroup`).
 */
export function checkGroupOptions(options: unknown, where: Where, groupRequired: boolean): ConsumerGroupOptions {
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new DecoratorError('invalid-options', `${where}: options must be an object`, { target: where, options });
  }
  const o = (options ?? {}) as ConsumerGroupOptions;
  if (o.group === undefined && groupRequired) {
    throw new DecoratorError('missing-group', `${where}: a consumer needs a group, e.g. { group: 'order-service' }`, { target: where });
  }
  checkCodec(o.codec, where);
  try {
    resolveConsumerOptions({ ...coreConsumerOptions(o), group: o.group ?? 'placeholder-group' } as never);
  } catch (cause) {
    throw new DecoratorError('invalid-options', `${where}: ${errorText(cause)}`, { target: where }, { cause });
  }
  return o;
}

/** Checks producer options as the core producer will, plus the default topic. */
export function checkProducerOptions(options: unknown, where: Where): ProducerDecoratorOptions {
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new DecoratorError('invalid-options', `${where}: options must be an object`, { target: where, options });
  }
  const o = (options ?? {}) as ProducerDecoratorOptions;
  if (o.topic !== undefined) checkTopic(o.topic, where);
  checkCodec(o.codec, where);
  const { topic: _topic, codec: _codec, ...core } = o;
  try {
    resolveProducerOptions(core);
  } catch (cause) {
    throw new DecoratorError('invalid-options', `${where}: ${errorText(cause)}`, { target: where }, { cause });
  }
  return o;
}

function checkCodec(codec: unknown, where: Where): void {
  if (codec === undefined || typeof codec === 'string') return;
  const c = codec as Partial<PayloadCodec> | null;
  if (c && typeof c === 'object' && typeof c.name === 'string' && typeof c.encode === 'function' && typeof c.decode === 'function') return;
  throw new DecoratorError('invalid-options', `${where}: codec must be a codec name or { name, encode, decode }`, { target: where, codec });
}

/** The message of an error, for wrapping. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Interceptors must be functions (operators factories); returns a frozen copy. */
export function checkInterceptors(interceptors: unknown, where: string): readonly HandlerInterceptor[] {
  if (interceptors === undefined) return Object.freeze([]);
  if (!Array.isArray(interceptors) || interceptors.some((i) => typeof i !== 'function')) {
    throw new DecoratorError('invalid-options', `${where}: interceptors must be an array of functions (context) => operator`, { target: where });
  }
  return Object.freeze([...(interceptors as HandlerInterceptor[])]);
}
