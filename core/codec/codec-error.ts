import { RocketMQError } from '../errors.js';

/** Kinds of {@link CodecError}. */
export type CodecErrorKind =
  | 'unknown-codec'
  | 'duplicate-codec'
  | 'invalid-codec'
  | 'payload-encode-failed'
  | 'payload-decode-failed';

/** A payload could not be encoded or decoded, or a codec name is unknown, taken or malformed. */
export class CodecError extends RocketMQError {
  declare readonly kind: CodecErrorKind;

  constructor(kind: CodecErrorKind, message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(kind, message, context, options);
  }
}

/** A short description of a value's type for error messages (never the value itself, which may be large). */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Buffer.isBuffer(value)) return 'Buffer';
  if (value instanceof Uint8Array) return 'Uint8Array';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}
