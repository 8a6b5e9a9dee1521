import { describe, expect, it } from 'vitest';
import { createRequest, createResponse } from '../../adapters/remoting/protocol/command.js';
import { formatAddress, parseAddress } from '../../adapters/remoting/transport/address.js';
import { exponentialBackoff } from '../../adapters/remoting/transport/backoff.js';
import { OpaqueCounter } from '../../adapters/remoting/transport/opaque.js';
import { ProcessorRegistry, type Processor } from '../../adapters/remoting/transport/processors.js';

describe('parseAddress / formatAddress', () => {
  it.each([
    ['127.0.0.1:9876', '127.0.0.1', 9876],
    ['broker-a.local:10911', 'broker-a.local', 10911],
    ['[::1]:10911', '::1', 10911],
    ['[fe80::1%eth0]:1', 'fe80::1%eth0', 1],
  ])('parses %s', (text, host, port) => {
    expect(parseAddress(text)).toEqual({ host, port });
    expect(formatAddress(host, port)).toBe(text);
  });

  it.each(['', '127.0.0.1', ':9876', '::1:9876', '127.0.0.1:0', '127.0.0.1:65536', 'host:port', '[::1]9876', 'a b:1'])(
    'rejects %j with invalid-address naming it',
    (text) => {
      expect(() => parseAddress(text)).toThrow(expect.objectContaining({ kind: 'invalid-address', context: { address: text } }));
    },
  );
});

describe('exponentialBackoff', () => {
  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [6, 3200],
    [7, 5000],
    [50, 5000],
  ])('without jitter, failure %i waits %i ms (100 ms doubling, capped at 5 s)', (failures, ms) => {
    expect(exponentialBackoff({ jitter: 0 })(failures)).toBe(ms);
  });

  it.each([
    [0, 400],
    [0.5, 340],
    [0.999, 280],
  ])('with jitter 0.3 and random %f, failure 3 waits %i ms', (random, ms) => {
    expect(exponentialBackoff({ random: () => random })(3)).toBe(ms);
  });

  it('honours initialMs, factor and maxMs', () => {
    const policy = exponentialBackoff({ initialMs: 10, factor: 3, maxMs: 100, jitter: 0 });
    expect([1, 2, 3, 4].map(policy)).toEqual([10, 30, 90, 100]);
  });
});

describe('OpaqueCounter', () => {
  it('counts from 0 by default', () => {
    const counter = new OpaqueCounter();
    expect([counter.next(), counter.next(), counter.next()]).toEqual([0, 1, 2]);
  });

  it('wraps as a signed int32', () => {
    const counter = new OpaqueCounter(2_147_483_646);
    expect([counter.next(), counter.next(), counter.next()]).toEqual([2_147_483_646, 2_147_483_647, -2_147_483_648]);
  });

  it('skips opaques still in use', () => {
    const counter = new OpaqueCounter(5);
    expect(counter.next((o) => o === 5 || o === 6)).toBe(7);
  });
});

describe('ProcessorRegistry', () => {
  const named = (name: string): Processor => (req) => createResponse(req, { code: 0, remark: name });
  const remarkOf = (registry: ProcessorRegistry, code: number) => {
    const processor = registry.lookup(code);
    if (processor === undefined) return undefined;
    return (processor(createRequest({ code }), undefined as never) as { remark?: string }).remark;
  };

  it('looks up own code, parent code, own default, parent default — in that order', () => {
    const parent = new ProcessorRegistry();
    const child = new ProcessorRegistry(parent);
    expect(remarkOf(child, 1)).toBeUndefined();
    parent.setDefault(named('parent default'));
    expect(remarkOf(child, 1)).toBe('parent default');
    child.setDefault(named('child default'));
    expect(remarkOf(child, 1)).toBe('child default');
    parent.set(1, named('parent 1'));
    expect(remarkOf(child, 1)).toBe('parent 1');
    child.set(1, named('child 1'));
    expect(remarkOf(child, 1)).toBe('child 1');
    child.delete(1);
    expect(remarkOf(child, 1)).toBe('parent 1');
    expect(remarkOf(parent, 2)).toBe('parent default');
  });
});
