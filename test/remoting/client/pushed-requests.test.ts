/**
 * Requests the broker pushes over the client's connection, replayed from the server side: the captured
 * CHECK_TRANSACTION_STATE, NOTIFY_CONSUMER_IDS_CHANGED, RESET_CONSUMER_CLIENT_OFFSET and GET_CONSUMER_RUNNING_INFO
 * frames reach the handlers with the right values, and the synchronous ones are answered.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRemotingClient, type RemotingClient } from '../../../adapters/remoting/client/index.js';
import { decodeConsumeDirectlyResult } from '../../../adapters/remoting/protocol/body/consume-directly-result.js';
import { decodeConsumerRunningInfo } from '../../../adapters/remoting/protocol/body/consumer-running-info.js';
import { parseFastjson, KeyedEntries } from '../../../adapters/remoting/protocol/body/fastjson.js';
import { createRequest, createResponse, type RemotingCommand } from '../../../adapters/remoting/protocol/command.js';
import { encodeConsumeMessageDirectlyRequest } from '../../../adapters/remoting/protocol/headers/consume-message-directly.js';
import { encodeGetConsumerRunningInfoRequest } from '../../../adapters/remoting/protocol/headers/get-consumer-running-info.js';
import { encodeGetConsumerStatusRequest } from '../../../adapters/remoting/protocol/headers/get-consumer-status.js';
import type { Connection } from '../../../adapters/remoting/transport/connection.js';
import { loadFrames, type Frame } from './helpers/captures.js';
import { expectMessageLike } from './helpers/oracle.js';
import { RecordingHandlers } from './helpers/recording-handlers.js';
import { ScriptedServer } from './helpers/scripted-server.js';

const frame = (scenario: string, file: string): Frame => {
  const found = loadFrames(scenario).find((f) => f.file.includes(file));
  if (found === undefined) throw new Error(`no frame ${file} in ${scenario}`);
  return found;
};

const HEARTBEAT = { clientID: '192.0.2.2@test', producerDataSet: [], consumerDataSet: [] };

describe('broker-pushed requests', () => {
  let server: ScriptedServer;
  let client: RemotingClient;
  let handlers: RecordingHandlers;
  let connection: Connection;

  beforeEach(async () => {
    server = (await ScriptedServer.start()).otherwise((request) => createResponse(request, { code: 0 }));
    client = createRemotingClient({ nameServers: [server.address] });
    handlers = new RecordingHandlers();
    await client.heartbeat(server.address, HEARTBEAT);
    connection = server.connections[0] as Connection;
  });

  afterEach(async () => {
    await client.close();
    await server.close();
  });

  const push = (cmd: RemotingCommand): Promise<void> => connection.oneway(cmd);
  const ask = (cmd: RemotingCommand): Promise<RemotingCommand> => connection.request(cmd, { timeoutMs: 5_000 });

  it('CHECK_TRANSACTION_STATE (transaction capture) reaches checkTransactionState with the header and the half message', async () => {
    client.setHandlers(handlers);
    const check = frame('transaction', 'CHECK_TRANSACTION_STATE');
    await push(check.command);
    const { req } = await handlers.next('checkTransactionState');
    expect(req).toMatchObject({
      brokerAddr: server.address,
      tranStateTableOffset: 7,
      commitLogOffset: 1940498176,
      msgId: 'FD00000000000000000000000000000265CE30946E097AFF76A90002',
      transactionId: 'FD00000000000000000000000000000265CE30946E097AFF76A90002',
      offsetMsgId: '7F00000100002A9F0000000073A9A700',
    });
    expectMessageLike(req.message, check.storedMessages![0]!);
    expect([req.message.topic, req.message.properties['PGROUP'], req.message.body.toString()]).toEqual(['CapTxTopic2', 'CapTxProducerGroup', 'transactional body 3']);
  });

  it('NOTIFY_CONSUMER_IDS_CHANGED (transaction and admin captures) reaches notifyConsumerIdsChanged with the group', async () => {
    client.setHandlers(handlers);
    await push(frame('admin-to-client', 'NOTIFY_CONSUMER_IDS_CHANGED').command);
    expect((await handlers.next('notifyConsumerIdsChanged')).group).toBe('CapAdminConsumerGroup3');
    const second = new RecordingHandlers();
    client.setHandlers(second);
    await push(frame('transaction', 'NOTIFY_CONSUMER_IDS_CHANGED').command);
    expect((await second.next('notifyConsumerIdsChanged')).group).toBe('CapTxConsumerGroup2');
  });

  it('RESET_CONSUMER_CLIENT_OFFSET (admin capture) reaches resetOffset with the header and the object-keyed offsets', async () => {
    client.setHandlers(handlers);
    await push(frame('admin-to-client', 'RESET_CONSUMER_CLIENT_OFFSET').command);
    const { req } = await handlers.next('resetOffset');
    expect(req).toEqual({
      topic: 'CapAdminTopic3',
      group: 'CapAdminConsumerGroup3',
      timestamp: 1795555098436,
      isForce: false,
      offsets: [{ queue: { topic: 'CapAdminTopic3', brokerName: 'broker-a', queueId: 0 }, offset: 0 }],
    });
  });

  it('GET_CONSUMER_RUNNING_INFO (admin capture) is answered SUCCESS with the running info written the fastjson way', async () => {
    const javaAnswer = frame('admin-to-client', 'c2s_GET_CONSUMER_RUNNING_INFO-RESP-SUCCESS').command;
    const info = decodeConsumerRunningInfo(javaAnswer.body!);
    handlers.runningInfo.set('CapAdminConsumerGroup3', info);
    client.setHandlers(handlers);
    const answer = await ask(frame('admin-to-client', 's2c_GET_CONSUMER_RUNNING_INFO_op').command);
    expect((await handlers.next('consumerRunningInfo')).group).toBe('CapAdminConsumerGroup3');
    expect(answer.code).toBe(0);
    expect(decodeConsumerRunningInfo(answer.body!)).toEqual(info);
    const mqTable = (parseFastjson(answer.body!) as Record<string, unknown>)['mqTable'];
    expect(mqTable).toBeInstanceOf(KeyedEntries);
    expect(answer.body!.toString()).toBe(javaAnswer.body!.toString());
  });

  it('GET_CONSUMER_RUNNING_INFO for a group this client does not have is answered SYSTEM_ERROR naming it', async () => {
    client.setHandlers(handlers);
    const ext = encodeGetConsumerRunningInfoRequest({ consumerGroup: 'NoSuchGroup', clientId: 'x', jstackEnable: false });
    const answer = await ask(createRequest({ code: 307, extFields: ext }));
    expect([answer.code, answer.remark]).toEqual([1, 'The Consumer Group NoSuchGroup not exist in this consumer']);
  });

  it('CONSUME_MESSAGE_DIRECTLY hands the stored message to consumeMessageDirectly and answers its result', async () => {
    client.setHandlers(handlers);
    const stored = frame('batch-and-delay', 'VIEW_MESSAGE_BY_ID-RESP-SUCCESS_op19');
    const ext = encodeConsumeMessageDirectlyRequest({ consumerGroup: 'G', clientId: 'c', msgId: 'm', brokerName: 'broker-a' });
    const answer = await ask(createRequest({ code: 309, extFields: ext, body: stored.command.body! }));
    const call = await handlers.next('consumeMessageDirectly');
    expect([call.group, call.brokerName]).toEqual(['G', 'broker-a']);
    expectMessageLike(call.message, stored.storedMessages![0]!);
    expect(answer.code).toBe(0);
    expect(decodeConsumeDirectlyResult(answer.body!)).toEqual(handlers.directResult);
    expect(answer.body!.toString()).toBe('{"autoCommit":true,"consumeResult":"CR_SUCCESS","order":false,"remark":"done","spentTimeMills":7}');
  });

  it('GET_CONSUMER_STATUS_FROM_CLIENT answers the topic\'s queue offsets keyed by MessageQueue objects', async () => {
    const q = (topic: string, queueId: number) => ({ topic, brokerName: 'b', queueId });
    handlers.runningInfo.set('G', {
      properties: {},
      subscriptionSet: [],
      mqTable: [
        { queue: q('T', 0), info: { commitOffset: 5 } },
        { queue: q('Other', 0), info: { commitOffset: 9 } },
        { queue: q('T', 1), info: { commitOffset: 7 } },
      ],
      statusTable: {},
    });
    client.setHandlers(handlers);
    const answer = await ask(createRequest({ code: 221, extFields: encodeGetConsumerStatusRequest({ topic: 'T', group: 'G' }) }));
    expect(answer.code).toBe(0);
    expect(answer.body!.toString()).toBe(
      '{"consumerTable":{},"messageQueueTable":{{"brokerName":"b","queueId":0,"topic":"T"}:5,{"brokerName":"b","queueId":1,"topic":"T"}:7}}',
    );
  });

  it('before setHandlers, a synchronous pushed request is answered SYSTEM_ERROR; unknown codes REQUEST_CODE_NOT_SUPPORTED', async () => {
    const ext = encodeGetConsumerRunningInfoRequest({ consumerGroup: 'G', clientId: 'x', jstackEnable: false });
    const early = await ask(createRequest({ code: 307, extFields: ext }));
    expect(early.code).toBe(1);
    expect(early.remark).toContain('before handlers were installed');
    const unknown = await ask(createRequest({ code: 326 }));
    expect(unknown.code).toBe(3);
  });
});
