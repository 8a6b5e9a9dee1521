/**
 * Response codes → port results and errors: every code the send, pull and offset calls do not accept becomes a
 * BrokerResponseError with the code, its Java name, the table's `retriable` flag, the remark and the call's context;
 * the accepted ones map to statuses; a silent broker gives the transport's typed timeout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemotingClient, pullTimeoutMs, type RemotingClient } from '../../../adapters/remoting/client/index.js';
import { RESPONSE_CODES } from '../../../adapters/remoting/protocol/codes.js';
import { createResponse, type RemotingCommand } from '../../../adapters/remoting/protocol/command.js';
import type { PullRequest, SendRequest } from '../../../core/ports/broker-port.js';
import { isBrokerResponseError } from '../../../core/ports/errors.js';
import { ScriptedServer } from './helpers/scripted-server.js';

const SEND: SendRequest = {
  producerGroup: 'PG', topic: 'T', defaultTopic: 'TBW102', defaultTopicQueueNums: 4, queueId: 3, sysFlag: 0, bornTimestamp: 1_700_000_000_000,
  flag: 0, properties: { TAGS: 'a' }, brokerName: 'broker-x', body: Buffer.from('x'),
};
const MQ = { topic: 'T', brokerName: 'broker-x', queueId: 2 };
const PULL: PullRequest = {
  consumerGroup: 'CG', queue: MQ, queueOffset: 5, maxMsgNums: 32, sysFlag: 2, commitOffset: 0, suspendTimeoutMillis: 15_000, subVersion: 1, expressionType: 'TAG',
};
const SEND_EXT = { msgId: '7F00000100002A9F000000000003A836', queueId: '3', queueOffset: '41' };
const PULL_EXT = { suggestWhichBrokerId: '1', nextBeginOffset: '9', minOffset: '0', maxOffset: '12' };

type Call = { name: string; requestCode: number; accepted: number[]; run: (c: RemotingClient, a: string) => Promise<unknown>; context: Record<string, unknown> };
const CALLS: Call[] = [
  { name: 'send', requestCode: 310, accepted: [0, 10, 11, 12], run: (c, a) => c.send(a, SEND), context: { brokerName: 'broker-x', queueId: 3 } },
  { name: 'pull', requestCode: 11, accepted: [0, 19, 20, 21], run: (c, a) => c.pull(a, PULL), context: { brokerName: 'broker-x', queueId: 2 } },
  { name: 'queryConsumerOffset', requestCode: 14, accepted: [0, 22], run: (c, a) => c.queryConsumerOffset(a, 'CG', MQ), context: { brokerName: 'broker-x', queueId: 2 } },
  { name: 'getMaxOffset', requestCode: 30, accepted: [0], run: (c, a) => c.getMaxOffset(a, MQ), context: { brokerName: 'broker-x', queueId: 2 } },
  { name: 'updateConsumerOffset (two-way)', requestCode: 15, accepted: [0], run: (c, a) => c.updateConsumerOffset(a, 'CG', MQ, 7, false), context: { queueId: 2 } },
];

describe('response code mapping', () => {
  let server: ScriptedServer;
  let client: RemotingClient;
  const answer = (code: number, extFields?: Record<string, string>, remark?: string) => (request: RemotingCommand) =>
    createResponse(request, { code, ...(extFields === undefined ? {} : { extFields }), ...(remark === undefined ? {} : { remark }) });

  beforeAll(async () => {
    server = await ScriptedServer.start();
    client = createRemotingClient({ nameServers: [server.address] });
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it.each(CALLS)('$name: every code it does not accept is a BrokerResponseError with code, name, retriable, remark and context', async (call) => {
    const refused = RESPONSE_CODES.filter((row) => !call.accepted.includes(row.code));
    expect(refused.length).toBeGreaterThan(50);
    for (const row of refused) {
      server.reply(answer(row.code, undefined, `remark of ${row.name}`));
      const error: unknown = await call.run(client, server.address).then(() => 'no error', (e: unknown) => e);
      expect(isBrokerResponseError(error)).toBe(true);
      expect(error).toMatchObject({ kind: 'broker-response', code: row.code, retriable: row.retriable, remark: `remark of ${row.name}` });
      const context = (error as { context: Record<string, unknown> }).context;
      expect(context).toMatchObject({ address: server.address, requestCode: call.requestCode, codeName: row.name, retriable: row.retriable, ...call.context });
    }
  });

  it('the retriable flags come from the code table: SYSTEM_ERROR, SYSTEM_BUSY, TOPIC_NOT_EXIST… retriable; MESSAGE_ILLEGAL not', async () => {
    const flags: Record<number, boolean> = {};
    for (const code of [1, 2, 13, 14, 16, 17, 25, 204, 205, 215]) {
      server.reply(answer(code));
      flags[code] = ((await client.send(server.address, SEND).catch((e: unknown) => e)) as { retriable: boolean }).retriable;
    }
    expect(flags).toEqual({ 1: true, 2: true, 13: false, 14: true, 16: true, 17: true, 25: false, 204: true, 205: true, 215: false });
  });

  it('send: SUCCESS and the three "stored but" codes are results with their status, ids, region and trace flag', async () => {
    const statuses: string[] = [];
    for (const code of [0, 10, 12, 11]) {
      server.reply(answer(code, { ...SEND_EXT, MSG_REGION: 'R1', TRACE_ON: 'false', transactionId: 'TX' }));
      const result = await client.send(server.address, SEND);
      expect(result).toEqual({ status: result.status, offsetMsgId: SEND_EXT.msgId, queueId: 3, queueOffset: 41, regionId: 'R1', traceOn: false, transactionId: 'TX' });
      statuses.push(result.status);
    }
    expect(statuses).toEqual(['SEND_OK', 'FLUSH_DISK_TIMEOUT', 'FLUSH_SLAVE_TIMEOUT', 'SLAVE_NOT_AVAILABLE']);
    server.reply(answer(0, SEND_EXT));
    expect(await client.send(server.address, SEND)).toEqual({ status: 'SEND_OK', offsetMsgId: SEND_EXT.msgId, queueId: 3, queueOffset: 41, traceOn: true });
  });

  it('pull: PULL_NOT_FOUND, PULL_RETRY_IMMEDIATELY and PULL_OFFSET_MOVED are statuses with the header offsets and no messages', async () => {
    const results: unknown[] = [];
    for (const code of [19, 20, 21]) {
      server.reply(answer(code, PULL_EXT));
      results.push(await client.pull(server.address, PULL));
    }
    const common = { nextBeginOffset: 9, minOffset: 0, maxOffset: 12, suggestWhichBrokerId: 1, messages: [] };
    expect(results).toEqual([{ status: 'NO_NEW_MSG', ...common }, { status: 'NO_MATCHED_MSG', ...common }, { status: 'OFFSET_ILLEGAL', ...common }]);
  });

  it('queryConsumerOffset: QUERY_NOT_FOUND is "no offset" (undefined), SUCCESS the offset', async () => {
    server.reply(answer(22), answer(0, { offset: '17' }));
    expect(await client.queryConsumerOffset(server.address, 'CG', MQ)).toBeUndefined();
    expect(await client.queryConsumerOffset(server.address, 'CG', MQ)).toBe(17);
  });

  it('a silent broker: send, pull and offset calls fail with the transport\'s request-timeout', async () => {
    const kinds: unknown[] = [];
    for (const run of [
      () => client.send(server.address, SEND, { timeoutMs: 30 }),
      () => client.pull(server.address, PULL, { timeoutMs: 30 }),
      () => client.queryConsumerOffset(server.address, 'CG', MQ, { timeoutMs: 30 }),
    ]) {
      server.reply('silent');
      const error = await run().catch((e: unknown) => e);
      kinds.push([(error as { kind: string }).kind, (error as { context: { timeoutMs: number } }).context.timeoutMs]);
    }
    expect(kinds).toEqual([['request-timeout', 30], ['request-timeout', 30], ['request-timeout', 30]]);
  });

  it('a pull waits for the broker\'s hold plus 15 s by default (Java: 15 s suspend, 30 s timeout)', () => {
    expect(pullTimeoutMs(PULL)).toBe(30_000);
    expect(pullTimeoutMs({ ...PULL, suspendTimeoutMillis: 20_000 })).toBe(35_000);
  });

  it('an aborted call rejects with request-aborted', async () => {
    server.reply('silent');
    const controller = new AbortController();
    const pending = client.getMaxOffset(server.address, MQ, { signal: controller.signal, timeoutMs: 5_000 });
    await server.request(server.received.length + 1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ kind: 'request-aborted' });
  });
});
