import { describe, expect, it } from 'vitest';
import { Message } from '../../core/message/message.js';
import { batchPlan, type SendPlan } from '../../core/producer/send-pipeline.js';
import { reply } from '../../adapters/embedded/server/reply.js';
import { storedRecord } from '../../adapters/embedded/store/message-store.js';
import { createAclHook } from '../../adapters/remoting/client/acl-hook.js';
import { createRequest } from '../../adapters/remoting/protocol/command.js';
import { keepsOneShape } from '../hidden-class.js';

// Objects made once per message, pull or response keep one hidden class from call to call: the embedded broker spent a
// third of its CPU on objects that did not (BENCHMARKS.md, "A hidden class per object").

describe('hidden classes of per-message objects', () => {
  it('the check holds for an object literal, and fails for objects of different keys', () => {
    expect(keepsOneShape((i) => ({ queueOffset: i, record: i }))).toBe(true);
    expect(keepsOneShape((i) => (i % 2 === 0 ? { queueOffset: i } : { record: i }))).toBe(false);
  });

  it('the properties of a message (a frozen copy of what the caller passed)', () => {
    expect(keepsOneShape((i) => new Message('T', 'x', { properties: { orderId: `o${i}` } }).properties)).toBe(true);
  });

  it('a stored record read from a store', () => {
    const entry = (i: number) => ({ queueOffset: i, physicalOffset: i * 100, size: 100, tagsCode: 7, storeTimestamp: 1 });
    expect(keepsOneShape((i) => storedRecord(entry(i), Buffer.alloc(1)))).toBe(true);
  });

  it('a broker reply, with and without a remark', () => {
    const request = { ...createRequest({ code: 310 }), opaque: 1 };
    expect(keepsOneShape((i) => reply(request, { code: 0, extFields: { queueOffset: String(i) } }))).toBe(true);
    expect(keepsOneShape((i) => reply(request, { code: 1, remark: `r${i}` }))).toBe(true);
  });

  it('a batch send plan', () => {
    const plan = (i: number): SendPlan => ({ timeoutMs: 3000 + i, maxAttempts: 3, pick: () => undefined });
    expect(keepsOneShape((i) => batchPlan(plan(i), [], `id${i}`))).toBe(true);
  });

  it('a request signed by the ACL hook, with or without ext fields', () => {
    const hook = createAclHook({ accessKey: 'AK', secretKey: 'SK' });
    expect(keepsOneShape((i) => hook({ ...createRequest({ code: 34 }), opaque: i }))).toBe(true);
    expect(keepsOneShape((i) => hook({ ...createRequest({ code: 310, extFields: { a: String(i) } }), opaque: i }))).toBe(true);
  });
});
