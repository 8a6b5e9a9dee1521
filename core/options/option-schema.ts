import { ValidationError } from '../validation/validation-error.js';

/** How one option is checked. `optional` options may be undefined after resolution. */
export type OptionRule = { optional?: boolean } & (
  | { type: 'int'; min: number; max: number }
  | { type: 'boolean' }
  | { type: 'string'; pattern?: RegExp; describe?: string }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'function' }
  | { type: 'custom'; expected: string; check: (value: unknown) => boolean }
);

/** One rule per option of `T`. */
export type OptionSchema<T> = { readonly [K in keyof T]-?: OptionRule };

function fail(field: string, value: unknown, reason: string): ValidationError {
  return new ValidationError('invalid-option', field, value, reason);
}

function checkValue(field: string, value: unknown, rule: OptionRule): void {
  switch (rule.type) {
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw fail(field, value, 'must be an integer');
      if (value < rule.min || value > rule.max) throw fail(field, value, `must be in [${rule.min}, ${rule.max}]`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') throw fail(field, value, 'must be a boolean');
      return;
    case 'string':
      if (typeof value !== 'string') throw fail(field, value, 'must be a string');
      if (rule.pattern && !rule.pattern.test(value)) throw fail(field, value, `must be ${rule.describe ?? `like ${rule.pattern}`}`);
      return;
    case 'enum':
      if (typeof value !== 'string' || !rule.values.includes(value)) {
        throw fail(field, value, `must be one of ${rule.values.join(', ')}`);
      }
      return;
    case 'function':
      if (typeof value !== 'function') throw fail(field, value, 'must be a function');
      return;
    case 'custom':
      if (!rule.check(value)) throw fail(field, value, `must be ${rule.expected}`);
      return;
  }
}

function toRecord(scope: string, input: unknown): Record<string, unknown> {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) throw fail(scope, input, 'must be an object of options');
  return input as Record<string, unknown>;
}

/**
 * Merges `input` over `defaults` and checks every value against `schema`: unknown keys, wrong types and
 * out-of-range values throw `ValidationError('invalid-option')` naming `<scope>.<option>` and the reason.
 * Keys whose value is `undefined` take the default.
 */
export function resolveWithSchema<T extends object>(
  scope: string,
  input: unknown,
  defaults: T,
  schema: OptionSchema<T>,
): T {
  const given = toRecord(scope, input);
  const rules = schema as Record<string, OptionRule>;
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(rules, key)) {
      throw fail(`${scope}.${key}`, given[key], `is not a ${scope} option (known: ${Object.keys(rules).join(', ')})`);
    }
  }
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [key, rule] of Object.entries(rules)) {
    const value = given[key] === undefined ? out[key] : given[key];
    if (value === undefined) {
      if (!rule.optional) throw fail(`${scope}.${key}`, value, 'is required');
      continue;
    }
    checkValue(`${scope}.${key}`, value, rule);
    out[key] = value;
  }
  return Object.freeze(out) as T;
}

