import { describe, expect, it } from 'vitest';
import { buildSubscription, matchesTag, parseTagExpression, SubscriptionError } from '../../../core/consumer/subscription.js';

describe('parseTagExpression', () => {
  it.each([
    [undefined, '*'],
    ['', '*'],
    ['  ', '*'],
    ['*', '*'],
    [' * ', '*'],
    ['TagA', ['TagA']],
    ['TagA || TagB', ['TagA', 'TagB']],
    ['TagA||TagB||TagA', ['TagA', 'TagB']],
    [' TagA ||  || TagB ', ['TagA', 'TagB']],
    ['TagA ||', ['TagA']],
    ['tag with space', ['tag with space']],
  ])('%j → %j', (expr, expected) => {
    expect(parseTagExpression(expr)).toEqual(expected);
  });

  it.each([
    ['TagA | TagB', "single '|'"],
    ['TagA |', "single '|'"],
    ['||', 'only separators'],
    ['|| ||', 'only separators'],
    ['TagA || *', "mixes '*'"],
    ['Tag\u0001A', 'U+0001'],
  ])('rejects %j', (expr, reason) => {
    try {
      parseTagExpression(expr);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(SubscriptionError);
      expect(err).toMatchObject({ kind: 'invalid-subscription', context: { expression: expr.trim() } });
      expect((err as Error).message).toContain(reason);
    }
  });
});

describe('buildSubscription', () => {
  it('builds a TAG subscription with Java String.hashCode codes', () => {
    expect(buildSubscription('T', 'TagA || TagB', { subVersion: 123 })).toEqual({
      topic: 'T', subString: 'TagA || TagB', tagsSet: ['TagA', 'TagB'], codeSet: [2598919, 2598920],
      subVersion: 123, expressionType: 'TAG', classFilterMode: false,
    });
  });

  it('builds the catch-all subscription', () => {
    expect(buildSubscription('T', undefined, { subVersion: 1 })).toEqual({
      topic: 'T', subString: '*', tagsSet: [], codeSet: [], subVersion: 1, expressionType: 'TAG', classFilterMode: false,
    });
  });

  it('builds an SQL92 subscription and rejects an empty one', () => {
    expect(buildSubscription('T', 'a > 5', { type: 'SQL92', subVersion: 1 })).toMatchObject({
      subString: 'a > 5', expressionType: 'SQL92', tagsSet: [], codeSet: [],
    });
    expect(() => buildSubscription('T', ' ', { type: 'SQL92' })).toThrow(SubscriptionError);
  });

  it('defaults subVersion to the current time', () => {
    const before = Date.now();
    expect(buildSubscription('T').subVersion).toBeGreaterThanOrEqual(before);
  });
});

describe('matchesTag (client-side exact re-check)', () => {
  const tagged = buildSubscription('T', 'TagA || TagB', { subVersion: 1 });
  it.each([
    [tagged, 'TagA', true],
    [tagged, 'TagB', true],
    [tagged, 'TagC', false],
    [tagged, undefined, false],
    [tagged, 'taga', false],
    [buildSubscription('T', '*', { subVersion: 1 }), undefined, true],
    [buildSubscription('T', '*', { subVersion: 1 }), 'X', true],
    [buildSubscription('T', 'a = 1', { type: 'SQL92', subVersion: 1 }), 'X', true],
  ])('%#: tag %j → %s', (sub, tag, expected) => {
    expect(matchesTag(sub, tag)).toBe(expected);
  });

  it('rejects a hash collision the broker let through', () => {
    // "Aa" and "BB" share the Java hash 2112
    const sub = buildSubscription('T', 'Aa', { subVersion: 1 });
    expect(buildSubscription('T', 'BB', { subVersion: 1 }).codeSet).toEqual(sub.codeSet);
    expect(matchesTag(sub, 'BB')).toBe(false);
  });
});
