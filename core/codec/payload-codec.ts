/**
 * Turns a payload into a message body and back. `name` is recorded with every message it encodes
 * (see `CODEC_PROPERTY`), so it must be stable across releases and identical on producer and consumer.
 */
export interface PayloadCodec {
  readonly name: string;
  encode(value: unknown): Buffer;
  decode(body: Buffer): unknown;
}

/** A body together with the name of the codec that produced it. */
export interface EncodedPayload {
  readonly body: Buffer;
  readonly codecName: string;
}
