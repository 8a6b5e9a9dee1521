/** Test helper: every header codec, and a valid header for each built from its spec. */
import * as headers from '../../../adapters/remoting/protocol/headers/index.js';
import type { HeaderCodec, HeaderExtras } from '../../../adapters/remoting/protocol/headers/index.js';

export type AnyCodec = HeaderCodec<HeaderExtras>;

/** All exported `…Codec`s by export name. */
export const ALL_CODECS: readonly (readonly [string, AnyCodec])[] = Object.entries(headers)
  .filter(([name]) => name.endsWith('Codec'))
  .map(([name, codec]) => [name, codec as AnyCodec] as const);

/** A header with every field set to a plain value of its type. */
export function sampleHeader(codec: AnyCodec): HeaderExtras {
  const sample: Record<string, unknown> = {};
  for (const f of codec.spec.fields) sample[f.field] = f.type === 'string' ? `v-${f.key}` : f.type === 'boolean' ? true : 7;
  return sample;
}

/** Runs `fn` and returns what it threw (undefined when it did not throw). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}
