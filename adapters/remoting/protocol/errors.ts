import { RocketMQError } from '../../../core/errors.js';

/**
 * Every way bytes from the wire can be wrong. The protocol layer throws only `ProtocolError`s,
 * each naming what was wrong (`kind`) and the offending value (`context.value`).
 */
export type ProtocolErrorKind =
  // framing
  | 'negative-length'
  | 'frame-too-large'
  | 'frame-too-small'
  | 'header-length-invalid'
  | 'unknown-serialize-type'
  | 'decoder-dead'
  // headers
  | 'invalid-json-header'
  | 'malformed-binary-header'
  | 'missing-header-field'
  | 'invalid-header-field'
  // messages and bodies
  | 'bad-magic'
  | 'truncated-message'
  | 'body-length-out-of-range'
  | 'properties-malformed'
  | 'decompression-failed'
  | 'invalid-message-id'
  | 'invalid-json-body'
  | 'invalid-body';

export class ProtocolError extends RocketMQError {
  declare readonly kind: ProtocolErrorKind;

  constructor(kind: ProtocolErrorKind, message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(kind, message, context, options);
  }
}
