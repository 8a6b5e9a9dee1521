import { DecoratorError, describeTarget } from './errors.js';
import { type Constructor, define, getOwn, type TransactionMetadata } from './metadata.js';
import { METADATA_KEYS } from './metadata-keys.js';
import { isMethodDescriptor } from './methods.js';

/**
 * The local transaction of a `@Producer` class: `(message, arg) => 'COMMIT' | 'ROLLBACK' | 'UNKNOWN'` (or a Promise /
 * Observable of one; a throw means `UNKNOWN`). It runs after the broker stored the half message of
 * `producer.sendInTransaction(payload, arg)`.
 */
export function LocalTransaction(): MethodDecorator {
  return transactionMethod('LocalTransaction', 'localTransaction');
}

/**
 * The check of a `@Producer` class: `(message) => 'COMMIT' | 'ROLLBACK' | 'UNKNOWN'`, called when the broker asks
 * about a half message whose transaction ended `UNKNOWN` (or was never ended).
 */
export function CheckTransaction(): MethodDecorator {
  return transactionMethod('CheckTransaction', 'checkTransaction');
}

function transactionMethod(name: string, slot: keyof TransactionMetadata): MethodDecorator {
  return (target, propertyKey, descriptor) => {
    const cls = (typeof target === 'function' ? target : target.constructor) as Constructor;
    const where = describeTarget(cls, propertyKey);
    if (typeof target === 'function' || typeof propertyKey !== 'string' || !isMethodDescriptor(descriptor)) {
      throw new DecoratorError('not-a-method', `@${name} on ${where}: only instance methods with a string name can take part in transactions`, {
        target: where,
        decorator: name,
      });
    }
    const current = getOwn<TransactionMetadata>(METADATA_KEYS.transaction, cls) ?? {};
    const taken = current[slot];
    if (taken !== undefined) {
      throw new DecoratorError('decorated-twice', `@${name} is on both ${describeTarget(cls, taken)} and ${where}; a class has one`, {
        decorator: name,
        target: where,
        other: describeTarget(cls, taken),
      });
    }
    define(METADATA_KEYS.transaction, Object.freeze({ ...current, [slot]: propertyKey }), cls);
  };
}
