import { describe, expect, it } from 'vitest';
import { unwrapNamespace, wrapNamespace } from '../../../core/message/namespace.js';

describe('namespaces (Java NamespaceUtil)', () => {
  it('wraps a plain name, keeps retry and dead-letter prefixes first, and never wraps twice', () => {
    expect(wrapNamespace('ns', 'Orders')).toBe('ns%Orders');
    expect(wrapNamespace('ns', '%RETRY%Group')).toBe('%RETRY%ns%Group');
    expect(wrapNamespace('ns', '%DLQ%Group')).toBe('%DLQ%ns%Group');
    expect(wrapNamespace('ns', 'ns%Orders')).toBe('ns%Orders');
    expect(wrapNamespace('ns', '%RETRY%ns%Group')).toBe('%RETRY%ns%Group');
  });

  it('leaves names alone without a namespace, when empty, and for system resources', () => {
    expect(wrapNamespace(undefined, 'Orders')).toBe('Orders');
    expect(wrapNamespace('', 'Orders')).toBe('Orders');
    expect(wrapNamespace('ns', '')).toBe('');
    expect(wrapNamespace('ns', 'TBW102')).toBe('TBW102');
    expect(wrapNamespace('ns', 'MyTemplate', ['MyTemplate'])).toBe('MyTemplate');
    expect(wrapNamespace('ns', 'TBW102', ['MyTemplate'])).toBe('TBW102');
  });

  it('unwraps only its own namespace, keeping the prefixes', () => {
    expect(unwrapNamespace('ns', 'ns%Orders')).toBe('Orders');
    expect(unwrapNamespace('ns', '%RETRY%ns%Group')).toBe('%RETRY%Group');
    expect(unwrapNamespace('ns', '%DLQ%ns%Group')).toBe('%DLQ%Group');
    expect(unwrapNamespace('ns', 'other%Orders')).toBe('other%Orders');
    expect(unwrapNamespace(undefined, 'ns%Orders')).toBe('ns%Orders');
  });

  it('round-trips: unwrap(wrap(name)) is the name', () => {
    for (const name of ['Orders', '%RETRY%G', '%DLQ%G', 'a-b_c']) expect(unwrapNamespace('ns', wrapNamespace('ns', name))).toBe(name);
  });
});
