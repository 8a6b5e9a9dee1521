import { RocketMQError } from '../../../core/errors.js';
import { javaStringHashCode } from '../../../core/util/java-hash.js';

export const SUB_ALL = '*';
export const TAG_EXPRESSION = 'TAG';

/** A subscription as the broker keeps it (heartbeat `SubscriptionData`, or built from a pull's expression). */
export interface Subscription {
  topic: string;
  subString: string;
  tagsSet: string[];
  codeSet: number[];
  subVersion: number;
  expressionType: string;
}

/** Thrown by `buildSubscription` for an expression the broker cannot parse (the pull answers SUBSCRIPTION_PARSE_FAILED). */
export class SubscriptionParseError extends RocketMQError {
  constructor(message: string, context: Record<string, unknown>) {
    super('subscription-parse-failed', message, context);
  }
}

/**
 * Java `FilterAPI.build`: a TAG expression (`*`, empty, or `a || b`) becomes tag and hash-code sets; other
 * expression types keep their text (and are refused later unless property filtering is on).
 */
export function buildSubscription(topic: string, subString: string | undefined, expressionType: string | undefined, subVersion = 0): Subscription {
  const type = expressionType ?? TAG_EXPRESSION;
  if (type !== TAG_EXPRESSION) {
    if (subString === undefined || subString.length === 0) throw new SubscriptionParseError(`Expression can't be null! ${type}`, { topic, expressionType: type, subString });
    return { topic, subString, tagsSet: [], codeSet: [], subVersion, expressionType: type };
  }
  if (subString === undefined || subString.length === 0 || subString === SUB_ALL) {
    return { topic, subString: SUB_ALL, tagsSet: [], codeSet: [], subVersion, expressionType: type };
  }
  const tagsSet: string[] = [];
  for (const part of subString.split('||')) {
    const tag = part.trim();
    if (tag.length > 0 && !tagsSet.includes(tag)) tagsSet.push(tag);
  }
  return { topic, subString, tagsSet, codeSet: tagsSet.map(javaStringHashCode), subVersion, expressionType: type };
}

/**
 * Java `ExpressionMessageFilter.isMatchedByConsumeQueue` for TAG subscriptions: `*` matches everything, otherwise the
 * entry's tags code must be one of the subscription's hash codes. Hash collisions pass; the client re-checks the
 * exact tag (shared/protocol §8.6). A `null` code (a long-poll re-check without a new entry) always matches.
 */
export function matchesTagsCode(sub: Subscription | undefined, tagsCode: number | null): boolean {
  if (sub === undefined || sub.expressionType !== TAG_EXPRESSION) return true;
  if (tagsCode === null || sub.subString === SUB_ALL) return true;
  return sub.codeSet.includes(tagsCode | 0);
}

/** The client-side exact re-check (§6.3 step 5): keep a message only if its TAGS value is in the subscription. */
export function matchesTagExactly(sub: Subscription, tags: string | undefined): boolean {
  if (sub.subString === SUB_ALL || sub.tagsSet.length === 0) return sub.subString === SUB_ALL;
  return tags !== undefined && sub.tagsSet.includes(tags);
}
