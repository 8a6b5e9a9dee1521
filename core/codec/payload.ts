import { CODEC_PROPERTY, SystemProperty } from '../message/system-properties.js';
import { msgpackCodec, rawCodec, textCodec } from './builtin-codecs.js';
import { CodecError, describeType } from './codec-error.js';
import type { CodecRegistry } from './codec-registry.js';
import type { EncodedPayload, PayloadCodec } from './payload-codec.js';

export { CODEC_PROPERTY };

/**
 * Encodes a payload into a body: Buffer/Uint8Array → `raw`, string → `text`, anything else → `codec`
 * (default `msgpack`). The returned `codecName` is what the producer records in {@link CODEC_PROPERTY}.
 * Failures are thrown as `CodecError('payload-encode-failed')`.
 */
export function encodePayload(payload: unknown, codec: PayloadCodec = msgpackCodec): EncodedPayload {
  const chosen = pickCodec(payload, codec);
  if (payload === undefined) {
    throw new CodecError('payload-encode-failed', 'the payload is undefined', { codec: chosen.name, payloadType: 'undefined' });
  }
  try {
    return { body: chosen.encode(payload), codecName: chosen.name };
  } catch (err) {
    if (err instanceof CodecError && err.kind === 'payload-encode-failed') throw err;
    throw new CodecError(
      'payload-encode-failed',
      `codec '${chosen.name}' could not encode a ${describeType(payload)}: ${errorText(err)}`,
      { codec: chosen.name, payloadType: describeType(payload) },
      { cause: err },
    );
  }
}

function pickCodec(payload: unknown, codec: PayloadCodec): PayloadCodec {
  if (payload instanceof Uint8Array) return rawCodec;
  if (typeof payload === 'string') return textCodec;
  return codec;
}

/**
 * Decodes a body with the codec named in its {@link CODEC_PROPERTY}, or with `fallback` (a codec or a
 * registered name; default `raw`, i.e. the body Buffer) when the producer recorded none. Every failure,
 * including an unknown codec name, is thrown as `CodecError('payload-decode-failed')` naming the codec
 * and the message id (`msgId`, else the `UNIQ_KEY` property).
 */
export function decodePayload(
  body: Buffer,
  properties: Readonly<Record<string, string>>,
  registry: CodecRegistry,
  fallback: PayloadCodec | string = rawCodec,
  msgId: string | undefined = properties[SystemProperty.UNIQ_CLIENT_MESSAGE_ID_KEYIDX],
): unknown {
  const recorded = properties[CODEC_PROPERTY];
  const codecName = recorded ?? (typeof fallback === 'string' ? fallback : fallback.name);
  try {
    const codec = recorded !== undefined || typeof fallback === 'string' ? registry.get(codecName) : fallback;
    return codec.decode(body);
  } catch (err) {
    throw new CodecError(
      'payload-decode-failed',
      `message ${msgId ?? '(no id)'}: codec '${codecName}' could not decode the body (${body.length} bytes): ${errorText(err)}`,
      { codec: codecName, msgId, bodyLength: body.length },
      { cause: err },
    );
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
