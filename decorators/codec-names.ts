import type { CodecRegistry } from '../core/codec/codec-registry.js';
import type { PayloadCodec } from '../core/codec/payload-codec.js';

/**
 * The registered name of a codec option: a name is returned as is (the core client checks it), a codec object is
 * registered with the app's codecs first (once; the same object may be named by several classes).
 */
export function codecName(codecs: CodecRegistry, codec: string | PayloadCodec | undefined): string | undefined {
  if (codec === undefined || typeof codec === 'string') return codec;
  if (!codecs.has(codec.name) || codecs.get(codec.name) !== codec) codecs.register(codec);
  return codec.name;
}
