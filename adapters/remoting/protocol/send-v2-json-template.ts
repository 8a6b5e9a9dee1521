/**
 * The JSON header of a SEND_MESSAGE_V2 or SEND_BATCH_MESSAGE request as the producer and the Java client write it
 * (`jsonHeaderText`), cut into the bytes that stay the same from one send of a producer to the next and the values
 * that change. The same template writes a header (`send-v2-json-header.ts`) and reads one back
 * (`send-v2-json-header-read.ts`), so the two agree on the layout by construction:
 *
 * ```
 * lead: {"code":…,"extFields":{"a":…,"b":…,"c":…,"d":…,"e":"   then e, `","f":"`, f, `","g":"`, g, `","h":"`, h,
 * `","i":"`, i (the properties), `","j":"`, j,   tail: ","k":…[,"l":…],"m":…,"n":…},"flag":…,"language":…,"opaque":
 * then the opaque,   after: ,"serializeTypeCurrentRPC":"JSON","version":…}
 * ```
 *
 * Unchanging: the code, flag, language, version and the ext values a, b, c, d, k, l, m, n (group, topic, default
 * topic, queue count, unit mode, max reconsume times, batch flag, broker name). Changing: e, f, g, h, j (queue,
 * sysFlag, born timestamp, message flag, reconsume times), i (the properties) and the opaque.
 */
import { BoundedMemo } from '../../../core/util/bounded-memo.js';
import type { CommandHeader } from './header-json.js';

export const SEND_MESSAGE_V2 = 310;
export const SEND_BATCH_MESSAGE = 320;

/** The unchanging bytes of a send header, and the values they were made from. */
export interface SendTemplate {
  readonly code: number;
  readonly flag: number;
  readonly language: string;
  readonly version: number;
  readonly a: string;
  readonly b: string;
  readonly c: string;
  readonly d: string;
  readonly k: string;
  readonly l: string | undefined;
  readonly m: string;
  readonly n: string;
  /** From the start of the header up to and including `"e":"`. */
  readonly lead: Uint8Array;
  /** From the quote that closes j up to and including `"opaque":`. */
  readonly tail: Uint8Array;
  /** From the comma after the opaque to the end of the header. */
  readonly after: Uint8Array;
  /** The bytes of lead, tail, after and the five {@link NEXT_KEY}s together. */
  readonly fixedLength: number;
}

/** What follows each changing value but the last (e, f, g, h, i): its closing quote, the next key, its opening quote. */
export const NEXT_KEY: readonly Uint8Array[] = ['","f":"', '","g":"', '","h":"', '","i":"', '","j":"'].map((s) => new Uint8Array(Buffer.from(s, 'latin1')));

/** The template of `header` (a send header with the keys a..n, every value a string). */
export function makeSendTemplate(header: CommandHeader): SendTemplate {
  const ext = header.extFields as Readonly<Record<string, string>>;
  const q = JSON.stringify;
  const l = ext['l'];
  const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'));
  const lead = bytes(`{"code":${header.code},"extFields":{"a":${q(ext['a'])},"b":${q(ext['b'])},"c":${q(ext['c'])},"d":${q(ext['d'])},"e":"`);
  const tail = bytes(
    `","k":${q(ext['k'])}${l === undefined ? '' : `,"l":${q(l)}`},"m":${q(ext['m'])},"n":${q(ext['n'])}},` +
      `"flag":${header.flag},"language":${q(header.language)},"opaque":`,
  );
  const after = bytes(`,"serializeTypeCurrentRPC":"JSON","version":${header.version}}`);
  return {
    code: header.code,
    flag: header.flag,
    language: header.language,
    version: header.version,
    a: ext['a'] as string,
    b: ext['b'] as string,
    c: ext['c'] as string,
    d: ext['d'] as string,
    k: ext['k'] as string,
    l,
    m: ext['m'] as string,
    n: ext['n'] as string,
    lead,
    tail,
    after,
    fixedLength: lead.length + tail.length + after.length + NEXT_KEY.reduce((sum, key) => sum + key.length, 0),
  };
}

/**
 * Templates by topic, one memo per request code, so that a producer whose single sends and batches of one topic
 * alternate (auto-batching) keeps both (bounded: a producer of ever-new topics must not grow memory).
 */
const singleTemplates = new BoundedMemo<SendTemplate>(256);
const batchTemplates = new BoundedMemo<SendTemplate>(256);

/** The template for `header` (as {@link makeSendTemplate}): the one kept for its topic while its values fit. */
export function sendTemplateFor(header: CommandHeader): SendTemplate {
  const ext = header.extFields as Readonly<Record<string, string>>;
  const topic = ext['b'] as string;
  const templates = header.code === SEND_BATCH_MESSAGE ? batchTemplates : singleTemplates;
  const t = templates.get(topic);
  return t !== undefined && fits(t, header, ext) ? t : templates.remember(topic, makeSendTemplate(header));
}

/** Whether `t` was made for the unchanging values of `header`. */
function fits(t: SendTemplate, header: CommandHeader, ext: Readonly<Record<string, string>>): boolean {
  return (
    t.b === ext['b'] &&
    t.a === ext['a'] &&
    t.code === header.code &&
    t.flag === header.flag &&
    t.version === header.version &&
    t.language === header.language &&
    t.c === ext['c'] &&
    t.d === ext['d'] &&
    t.k === ext['k'] &&
    t.l === ext['l'] &&
    t.m === ext['m'] &&
    t.n === ext['n']
  );
}
