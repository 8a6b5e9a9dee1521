import { NAME_VALUE_SEPARATOR, PROPERTY_SEPARATOR } from './system-properties.js';

const SEGMENT = PROPERTY_SEPARATOR.charCodeAt(0);

/**
 * One property of a stored properties string (`name U+0001 value U+0002 …`), found without parsing the rest: the
 * value the full parse (Java `string2messageProperties`: segments split on U+0002, name up to the first U+0001,
 * value the rest, later duplicates win, segments without a name or value dropped) would give `name`, or undefined.
 * `name` must not contain either separator.
 */
export function propertyIn(text: string, name: string): string | undefined {
  return propertyAt(text, propertyNeedle(name));
}

/** What {@link propertyAt} searches for `name` (make it once per name). */
export function propertyNeedle(name: string): string {
  return name + NAME_VALUE_SEPARATOR;
}

/** {@link propertyIn} with the name's needle made beforehand (forward searches: `lastIndexOf` is several times slower). */
export function propertyAt(text: string, needle: string): string | undefined {
  let found: string | undefined;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) {
    if (at !== 0 && text.charCodeAt(at - 1) !== SEGMENT) continue;
    const valueAt = at + needle.length;
    let end = text.indexOf(PROPERTY_SEPARATOR, valueAt);
    if (end < 0) end = text.length;
    if (end > valueAt) found = text.slice(valueAt, end);
  }
  return found;
}
