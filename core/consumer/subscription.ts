import { RocketMQError } from '../errors.js';
import type { ExpressionType, SubscriptionData } from '../ports/heartbeat.js';
import { javaStringHashCode } from '../util/java-hash.js';

/** Subscribe to every tag. */
export const SUB_ALL = '*';
/** Separator of tags in a TAG expression. */
export const TAG_SEPARATOR = '||';

/** A malformed subscription expression. */
export class SubscriptionError extends RocketMQError {
  constructor(expression: string, reason: string) {
    super('invalid-subscription', `subscription expression ${JSON.stringify(expression)} ${reason}`, { expression, reason });
  }
}

/**
 * Parses a TAG expression: `*` or empty/blank → all tags (returns `'*'`); `a || b` → the trimmed tags,
 * duplicates and empty parts dropped. Throws `SubscriptionError` for a lone `|`, a `*` mixed with tags,
 * a tag containing a separator character, or an expression made only of separators.
 */
export function parseTagExpression(expression: string | undefined): typeof SUB_ALL | string[] {
  const expr = expression?.trim() ?? '';
  if (expr === '' || expr === SUB_ALL) return SUB_ALL;
  const tags: string[] = [];
  for (const part of expr.split(TAG_SEPARATOR)) {
    const tag = part.trim();
    if (tag === '') continue;
    if (tag.includes('|')) throw new SubscriptionError(expr, `has a single '|' in ${JSON.stringify(tag)}; separate tags with '||'`);
    if (tag === SUB_ALL) throw new SubscriptionError(expr, `mixes '*' with tags; use '*' alone`);
    if (/[\u0001\u0002]/.test(tag)) throw new SubscriptionError(expr, 'contains U+0001 or U+0002');
    if (!tags.includes(tag)) tags.push(tag);
  }
  if (tags.length === 0) throw new SubscriptionError(expr, 'has no tags, only separators');
  return tags;
}

/** Options of {@link buildSubscription}. */
export interface SubscriptionOptions {
  readonly type?: ExpressionType;
  /** Version of the subscription (Java: creation time in ms). Default `Date.now()`. */
  readonly subVersion?: number;
}

/**
 * Builds the subscription for `topic` from a TAG (default) or SQL92 expression, as the heartbeat and
 * pull requests carry it (Java `FilterAPI.build`). `codeSet` holds the Java `String.hashCode()` of each
 * tag, which the broker filters on.
 */
export function buildSubscription(topic: string, expression?: string, opts: SubscriptionOptions = {}): SubscriptionData {
  const type = opts.type ?? 'TAG';
  const subVersion = opts.subVersion ?? Date.now();
  const base = { topic, subVersion, expressionType: type, classFilterMode: false } as const;
  if (type === 'SQL92') {
    const sql = expression?.trim() ?? '';
    if (sql === '') throw new SubscriptionError(expression ?? '', 'is empty; SQL92 needs an expression');
    return { ...base, subString: sql, tagsSet: [], codeSet: [] };
  }
  const parsed = parseTagExpression(expression);
  if (parsed === SUB_ALL) return { ...base, subString: SUB_ALL, tagsSet: [], codeSet: [] };
  // subString is kept as written, as Java does, so that Java and rocketmq-rx members of a group agree.
  return { ...base, subString: expression!, tagsSet: parsed, codeSet: parsed.map(javaStringHashCode) };
}

/**
 * The client-side exact re-check of a pulled message's tag (the broker filters by hash only, and hashes
 * collide): true for `*` and SQL92 subscriptions, else only when the tag is one of the subscribed tags.
 */
export function matchesTag(sub: Pick<SubscriptionData, 'expressionType' | 'tagsSet'>, tags: string | undefined): boolean {
  if (!filtersByTag(sub)) return true;
  return tags !== undefined && sub.tagsSet.includes(tags);
}

/** Whether {@link matchesTag} looks at a message's tag at all (a TAG expression other than `*`). */
export function filtersByTag(sub: Pick<SubscriptionData, 'expressionType' | 'tagsSet'>): boolean {
  return sub.expressionType === 'TAG' && sub.tagsSet.length > 0;
}
