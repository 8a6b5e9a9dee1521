/**
 * The JSON text of a SEND_MESSAGE_V2 (and SEND_BATCH_MESSAGE) `extFields` object, exactly as `JSON.stringify` writes
 * it, from a template. A producer sends the same group, topic, default topic, flags and broker name again and again;
 * only the queue (`e`), the born timestamp (`g`) and the properties (`i`) change from one send to the next. So the text
 * between those three values is kept per topic, for the last set of the other values seen with it, and a send writes
 * only the three.
 *
 * It reads the object's own current values (an RPC hook that changed one in place is honoured); the caller checks the
 * key list first ({@link isSendV2Keys}) and that every value is a string.
 */
import { BoundedMemo } from '../../../../core/util/bounded-memo.js';

/** The keys of the header in the order the fast encoder writes them (`l` only with maxReconsumeTimes). */
const KEYS_13 = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'm', 'n'] as const;
const KEYS_14 = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n'] as const;

/** Whether `keys` (an object's own keys, in order) are those of a SEND_MESSAGE_V2 header as the producer writes it. */
export function isSendV2Keys(keys: readonly string[]): boolean {
  const expected = keys.length === 13 ? KEYS_13 : keys.length === 14 ? KEYS_14 : undefined;
  if (expected === undefined) return false;
  for (let i = 0; i < expected.length; i++) if (keys[i] !== expected[i]) return false;
  return true;
}

/** The text around `e`, `g` and `i`, for the values of the other keys it was made from. */
interface Template {
  readonly a: string;
  readonly b: string;
  readonly c: string;
  readonly d: string;
  readonly f: string;
  readonly h: string;
  readonly j: string;
  readonly k: string;
  readonly l: string | undefined;
  readonly m: string;
  readonly n: string;
  /** `{"a":…,"d":…,"e":` */
  readonly beforeE: string;
  /** `,"f":…,"g":` */
  readonly beforeG: string;
  /** `,"h":…,"i":` */
  readonly beforeI: string;
  /** `,"j":…,"n":…}` */
  readonly after: string;
}

/** Templates by topic (bounded: a producer of ever-new topics must not grow memory). */
const templates = new BoundedMemo<Template>(256);

/** `JSON.stringify(ext)` for an object with {@link isSendV2Keys} keys and string values. */
export function sendV2ExtJson(ext: Readonly<Record<string, string>>): string {
  const t = templateFor(ext);
  return t.beforeE + quote(ext['e'] as string) + t.beforeG + quote(ext['g'] as string) + t.beforeI + JSON.stringify(ext['i']) + t.after;
}

function templateFor(ext: Readonly<Record<string, string>>): Template {
  const topic = ext['b'] as string;
  const t = templates.get(topic);
  return t !== undefined && fits(t, ext) ? t : templates.remember(topic, makeTemplate(ext));
}

/** Whether `t` was made for the values `ext` holds. */
function fits(t: Template, ext: Readonly<Record<string, string>>): boolean {
  return (
    t.b === ext['b'] &&
    t.a === ext['a'] &&
    t.c === ext['c'] &&
    t.d === ext['d'] &&
    t.f === ext['f'] &&
    t.h === ext['h'] &&
    t.j === ext['j'] &&
    t.k === ext['k'] &&
    t.l === ext['l'] &&
    t.m === ext['m'] &&
    t.n === ext['n']
  );
}

function makeTemplate(ext: Readonly<Record<string, string>>): Template {
  const q = JSON.stringify;
  const l = ext['l'];
  return {
    a: ext['a'] as string,
    b: ext['b'] as string,
    c: ext['c'] as string,
    d: ext['d'] as string,
    f: ext['f'] as string,
    h: ext['h'] as string,
    j: ext['j'] as string,
    k: ext['k'] as string,
    l,
    m: ext['m'] as string,
    n: ext['n'] as string,
    beforeE: `{"a":${q(ext['a'])},"b":${q(ext['b'])},"c":${q(ext['c'])},"d":${q(ext['d'])},"e":`,
    beforeG: `,"f":${q(ext['f'])},"g":`,
    beforeI: `,"h":${q(ext['h'])},"i":`,
    after: `,"j":${q(ext['j'])},"k":${q(ext['k'])}${l === undefined ? '' : `,"l":${q(l)}`},"m":${q(ext['m'])},"n":${q(ext['n'])}}`,
  };
}

/** A JSON string literal: quotes added around text that needs no escape (short printable ASCII), else `JSON.stringify`. */
function quote(s: string): string {
  if (s.length > 24) return JSON.stringify(s);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return JSON.stringify(s);
  }
  return '"' + s + '"';
}
