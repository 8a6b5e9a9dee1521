/**
 * The Promise-returning calls that validate a header or properties before sending report a refused value by
 * rejecting, never by throwing synchronously (a caller chaining `.catch` would otherwise miss it).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createRemotingClient } from '../../../adapters/remoting/client/index.js';
import type { EndTransactionRequest, SendRequest } from '../../../core/ports/broker-port.js';

const ADDRESS = '127.0.0.1:1';
const BAD_SEND: SendRequest = {
  producerGroup: 'PG', topic: 'T', defaultTopic: 'TBW102', defaultTopicQueueNums: 4, queueId: 0, sysFlag: 0, bornTimestamp: 1_700_000_000_000,
  flag: 0, properties: { 'bad\u0001name': 'x' }, brokerName: 'b', body: Buffer.from('x'),
};
const BAD_END: EndTransactionRequest = {
  producerGroup: 'PG', tranStateTableOffset: 1.5, commitLogOffset: 0, commitOrRollback: 8, fromTransactionCheck: false, msgId: 'M',
};

describe('validation failures reject', () => {
  // Nothing is sent (the encode fails first), so the client never connects to ADDRESS.
  const client = createRemotingClient({ nameServers: [ADDRESS] });
  afterAll(() => client.close());

  it.each([
    ['send', () => client.send(ADDRESS, BAD_SEND), 'properties-malformed'],
    ['sendOneway', () => client.sendOneway(ADDRESS, BAD_SEND), 'properties-malformed'],
    ['endTransaction', () => client.endTransaction(ADDRESS, BAD_END), 'invalid-header-field'],
  ])('%s: a bad value gives a rejected Promise, not a throw', async (_name, call, kind) => {
    let pending: Promise<unknown> | undefined;
    expect(() => {
      pending = call();
    }).not.toThrow();
    await expect(pending).rejects.toMatchObject({ kind });
  });
});
