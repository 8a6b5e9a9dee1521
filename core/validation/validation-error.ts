import { RocketMQError } from '../errors.js';

/** Kinds of {@link ValidationError}. */
export type ValidationErrorKind =
  | 'invalid-topic'
  | 'invalid-group'
  | 'empty-body'
  | 'body-too-large'
  | 'reserved-property'
  | 'invalid-message'
  | 'invalid-option';

/** A short, bounded rendering of an offending value for error messages. */
export function previewValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'function') text = `function ${value.name || '(anonymous)'}`;
  else if (typeof value === 'bigint') text = `${value}n`;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch (err) {
      text = `[unprintable ${typeof value}: ${err instanceof Error ? err.message : String(err)}]`;
    }
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Input rejected before anything leaves the process. `field` names what was wrong (e.g. `topic`,
 * `properties.TAGS`, `consumer.pullBatchSize`), `value` is the offending value and `reason` says why;
 * all three are also in `context`.
 */
export class ValidationError extends RocketMQError {
  declare readonly kind: ValidationErrorKind;
  readonly field: string;
  readonly value: unknown;
  readonly reason: string;

  constructor(kind: ValidationErrorKind, field: string, value: unknown, reason: string) {
    super(kind, `${field} ${reason} (got ${previewValue(value)})`, { field, value, reason });
    this.field = field;
    this.value = value;
    this.reason = reason;
  }
}
