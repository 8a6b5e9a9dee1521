import { BUILTIN_CODECS } from './builtin-codecs.js';
import { CodecError } from './codec-error.js';
import type { PayloadCodec } from './payload-codec.js';

const NAME_RE = /^[A-Za-z0-9._+-]{1,64}$/;

/**
 * Codecs by name. Starts with the built-ins (`msgpack`, `json`, `raw`, `text`); custom codecs are added
 * with {@link CodecRegistry.register}. Each client owns its registry (there is no global one).
 */
export class CodecRegistry {
  readonly #codecs = new Map<string, PayloadCodec>();

  constructor(codecs: readonly PayloadCodec[] = BUILTIN_CODECS) {
    for (const c of codecs) this.register(c);
  }

  /** Adds a codec. Throws `duplicate-codec` if the name is taken, `invalid-codec` if it is malformed. */
  register(codec: PayloadCodec): this {
    if (typeof codec?.name !== 'string' || !NAME_RE.test(codec.name)) {
      throw new CodecError('invalid-codec', `codec name must match ${NAME_RE}, got '${String(codec?.name)}'`, {
        codec: codec?.name,
      });
    }
    if (typeof codec.encode !== 'function' || typeof codec.decode !== 'function') {
      throw new CodecError('invalid-codec', `codec '${codec.name}' must have encode and decode functions`, {
        codec: codec.name,
      });
    }
    if (this.#codecs.has(codec.name)) {
      throw new CodecError('duplicate-codec', `a codec named '${codec.name}' is already registered`, {
        codec: codec.name,
      });
    }
    this.#codecs.set(codec.name, codec);
    return this;
  }

  /** The codec with this name. Throws `unknown-codec` if there is none. */
  get(name: string): PayloadCodec {
    const codec = this.#codecs.get(name);
    if (!codec) {
      throw new CodecError('unknown-codec', `no codec named '${name}' (known: ${this.names().join(', ')})`, {
        codec: name,
      });
    }
    return codec;
  }

  has(name: string): boolean {
    return this.#codecs.has(name);
  }

  names(): string[] {
    return [...this.#codecs.keys()];
  }
}
