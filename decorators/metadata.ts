import 'reflect-metadata';
import type { HandlerInterceptor } from './interceptor-types.js';
import type { MetadataKey } from './metadata-keys.js';
import type { ConsumerGroupOptions, HandlerForm, ProducerDecoratorOptions } from './options.js';
import { DecoratorError, describeTarget } from './errors.js';

/** A constructor (the decorated class). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Constructor<T = unknown> = abstract new (...args: any[]) => T;

/** What `@Consumer` records on a class: its subscription, group options and handler method. */
export interface ConsumerClassMetadata {
  readonly topic: string;
  readonly tagExpression: string;
  readonly method: string;
  readonly form: HandlerForm;
  readonly options: ConsumerGroupOptions;
  readonly interceptors: readonly HandlerInterceptor[];
}

/** What `@OnMessage` / `@OnStream` / `@OnBatch` record for one method: the same fields as a `@Consumer` class. */
export type HandlerMethodMetadata = ConsumerClassMetadata;

/** What `@Producer` records on a class. */
export interface ProducerClassMetadata {
  readonly options: ProducerDecoratorOptions;
}

/** The methods a transactional producer class declares. */
export interface TransactionMetadata {
  readonly localTransaction?: string;
  readonly checkTransaction?: string;
}

/** The class's own metadata under `key` (not inherited). */
export function getOwn<T>(key: MetadataKey, target: object, property?: string | symbol): T | undefined {
  return (property === undefined ? Reflect.getOwnMetadata(key, target) : Reflect.getOwnMetadata(key, target, property)) as T | undefined;
}

/** Metadata under `key`, inherited from base classes. */
export function getInherited<T>(key: MetadataKey, target: object): T | undefined {
  return Reflect.getMetadata(key, target) as T | undefined;
}

/** Writes metadata under `key`. */
export function define(key: MetadataKey, value: unknown, target: object, property?: string | symbol): void {
  if (property === undefined) Reflect.defineMetadata(key, value, target);
  else Reflect.defineMetadata(key, value, target, property);
}

/**
 * Writes metadata that a decorator may put only once on a target: a second `@X` on the same class (or method)
 * throws `decorated-twice`. A subclass may decorate again (its own metadata shadows the base class's).
 */
export function defineOnce(key: MetadataKey, value: unknown, decorator: string, cls: Constructor, target: object, property?: string | symbol): void {
  if (getOwn(key, target, property) !== undefined) {
    throw new DecoratorError('decorated-twice', `@${decorator} is applied twice to ${describeTarget(cls, property)}`, {
      decorator,
      target: describeTarget(cls, property),
    });
  }
  define(key, value, target, property);
}
