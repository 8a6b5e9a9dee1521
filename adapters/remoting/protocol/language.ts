import { LANGUAGES as LANGUAGES_IMPORTED } from './command.js';
import { ProtocolError } from './errors.js';

// Hot path: a module-local alias (some loaders make every access to an imported binding a call).
const LANGUAGES = LANGUAGES_IMPORTED;

const UNKNOWN_RE = /^UNKNOWN\((\d{1,3})\)$/;

/**
 * The language name for a binary-header ordinal (Java `LanguageCode`). Ordinals the table does not
 * know decode to `'UNKNOWN(<n>)'` so that the command can still be handled and re-encoded.
 */
export function languageName(ordinal: number): string {
  return LANGUAGES[ordinal] ?? `UNKNOWN(${ordinal})`;
}

/**
 * The binary-header ordinal for a language name: the Java `LanguageCode` ordinal, or `n` for `'UNKNOWN(<n>)'`.
 * @throws ProtocolError `invalid-header-field` for a name with no ordinal (the byte cannot carry it).
 */
export function languageOrdinal(name: string): number {
  const known = (LANGUAGES as readonly string[]).indexOf(name);
  if (known >= 0) return known;
  const unknown = UNKNOWN_RE.exec(name);
  const n = unknown ? Number(unknown[1]) : -1;
  if (n >= 0 && n <= 255) return n;
  throw new ProtocolError('invalid-header-field', `language ${JSON.stringify(name)} has no binary ordinal`, {
    field: 'language',
    value: name,
  });
}
