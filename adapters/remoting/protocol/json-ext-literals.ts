/** The extFields objects the JSON shape reader (`header-json-shape.ts`) and the binary header decoder make by a literal. */

/** Makes an extFields object from its values, in the order of its keys. */
export type ExtLiteral = (values: readonly string[]) => Record<string, string>;

/**
 * Object literals for the extFields key lists a Java broker writes in every send's answer and every pull's (in its
 * HashMap order, as the captures show). An object made by a literal has its one hidden class at once; one made key
 * by key goes through a generic store per key. Any other key list is made key by key.
 */
export const EXT_LITERALS: ReadonlyMap<string, ExtLiteral> = new Map<string, ExtLiteral>([
  [
    'queueId,TRACE_ON,MSG_REGION,msgId,queueOffset',
    (v) => ({ queueId: v[0]!, TRACE_ON: v[1]!, MSG_REGION: v[2]!, msgId: v[3]!, queueOffset: v[4]! }),
  ],
  [
    'suggestWhichBrokerId,nextBeginOffset,maxOffset,minOffset',
    (v) => ({ suggestWhichBrokerId: v[0]!, nextBeginOffset: v[1]!, maxOffset: v[2]!, minOffset: v[3]! }),
  ],
]);
