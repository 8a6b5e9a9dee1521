/** The extFields objects the shape reader (`header-json-shape.ts`) makes by a literal. */

/** Makes an extFields object from the values at `first`.. of `text`, whose offsets in `starts`/`ends` count from `base`. */
export type ExtLiteral = (text: string, starts: Int32Array, ends: Int32Array, first: number, base: number) => Record<string, string>;

/**
 * Object literals for the extFields key lists a Java broker writes in every send's answer and every pull's (in its
 * HashMap order, as the captures show). An object made by a literal has its one hidden class at once; one made key
 * by key goes through a generic store per key. Any other key list is made key by key.
 */
export const EXT_LITERALS: ReadonlyMap<string, ExtLiteral> = new Map<string, ExtLiteral>([
  [
    'queueId,TRACE_ON,MSG_REGION,msgId,queueOffset',
    (t, s, e, i, b) => ({
      queueId: t.slice(s[i]! - b, e[i]! - b),
      TRACE_ON: t.slice(s[i + 1]! - b, e[i + 1]! - b),
      MSG_REGION: t.slice(s[i + 2]! - b, e[i + 2]! - b),
      msgId: t.slice(s[i + 3]! - b, e[i + 3]! - b),
      queueOffset: t.slice(s[i + 4]! - b, e[i + 4]! - b),
    }),
  ],
  [
    'suggestWhichBrokerId,nextBeginOffset,maxOffset,minOffset',
    (t, s, e, i, b) => ({
      suggestWhichBrokerId: t.slice(s[i]! - b, e[i]! - b),
      nextBeginOffset: t.slice(s[i + 1]! - b, e[i + 1]! - b),
      maxOffset: t.slice(s[i + 2]! - b, e[i + 2]! - b),
      minOffset: t.slice(s[i + 3]! - b, e[i + 3]! - b),
    }),
  ],
]);
