/** GET_ROUTEINFO_BY_TOPIC fail-over between name servers, with captured answers. */
import { afterEach, describe, expect, it } from 'vitest';
import { createRemotingClient, type RemotingClient, type RemotingClientOptions } from '../../../adapters/remoting/client/index.js';
import type { RemotingCommand } from '../../../adapters/remoting/protocol/command.js';
import { isRocketMQError } from '../../../core/errors.js';
import { isBrokerResponseError } from '../../../core/ports/errors.js';
import { loadFrames } from './helpers/captures.js';
import { ScriptedServer } from './helpers/scripted-server.js';

const frames = loadFrames('retry');
const ROUTE_OK = frames.find((f) => f.file.includes('GET_ROUTEINFO_BY_TOPIC-RESP-SUCCESS_op2.'))!.command;
const TOPIC_NOT_EXIST = frames.find((f) => f.file.includes('GET_ROUTEINFO_BY_TOPIC-RESP-TOPIC_NOT_EXIST'))!.command;

describe('name-server fail-over', () => {
  const owned: { close(): Promise<void> }[] = [];
  const own = <T extends { close(): Promise<void> }>(x: T): T => (owned.push(x), x);
  afterEach(async () => {
    for (const x of owned.splice(0).reverse()) await x.close();
  });

  async function closedAddress(): Promise<string> {
    const gone = await ScriptedServer.start();
    await gone.close();
    return gone.address;
  }

  const clientOf = (nameServers: string[], extra: Partial<RemotingClientOptions> = {}): RemotingClient =>
    own(createRemotingClient({ nameServers, random: () => 0, ...extra }));

  const answering = async (...answers: RemotingCommand[]): Promise<ScriptedServer> => own(await ScriptedServer.start()).reply(...answers);

  it('with the first name server closed, the route comes from the second', async () => {
    const down = await closedAddress();
    const up = await answering(ROUTE_OK);
    const client = clientOf([down, up.address]);
    const route = await client.getRouteInfo('CapRetryTopic');
    expect(route.brokerDatas[0]?.brokerAddrs).toEqual({ '0': '127.0.0.1:10911' });
    expect(route.queueDatas[0]).toMatchObject({ brokerName: 'broker-a', readQueueNums: 1, writeQueueNums: 1, perm: 6 });
    expect(up.received.map((r) => [r.code, r.extFields?.['topic']])).toEqual([[105, 'CapRetryTopic']]);
  });

  it('after a fail-over it sticks to the name server that answered', async () => {
    const dropping = own(await ScriptedServer.start()).reply((_request, connection) => void connection.close());
    const up = await answering(ROUTE_OK, ROUTE_OK);
    const client = clientOf([dropping.address, up.address]);
    await client.getRouteInfo('CapRetryTopic');
    await client.getRouteInfo('CapRetryTopic');
    expect([dropping.received.length, up.received.length]).toEqual([1, 2]);
  });

  it('a name server that does not answer in time is left for the next one', async () => {
    const silent = own(await ScriptedServer.start()).reply('silent');
    const up = await answering(ROUTE_OK);
    const client = clientOf([silent.address, up.address], { requestTimeoutMs: 100 });
    await expect(client.getRouteInfo('CapRetryTopic')).resolves.toMatchObject({ queueDatas: [{ brokerName: 'broker-a' }] });
    expect(silent.received).toHaveLength(1);
  });

  it('starts at a random name server', async () => {
    const first = await answering(ROUTE_OK);
    const second = await answering(ROUTE_OK);
    await clientOf([first.address, second.address], { random: () => 0.99 }).getRouteInfo('CapRetryTopic');
    expect([first.received.length, second.received.length]).toEqual([0, 1]);
  });

  it('with every name server down, fails with a typed error naming them all', async () => {
    const a = await closedAddress();
    const b = await closedAddress();
    const error: unknown = await clientOf([a, b]).getRouteInfo('T').catch((e: unknown) => e);
    expect(isRocketMQError(error) && error.kind).toBe('name-servers-unavailable');
    expect((error as Error).message).toContain(a);
    expect((error as Error).message).toContain(b);
    expect((error as { context: Record<string, unknown> }).context['addresses']).toEqual([a, b]);
  });

  it('TOPIC_NOT_EXIST is an answer, not a failure: BrokerResponseError 17, no fail-over', async () => {
    const first = await answering(TOPIC_NOT_EXIST);
    const second = await answering(ROUTE_OK);
    const error: unknown = await clientOf([first.address, second.address]).getRouteInfo('%RETRY%CapRetryConsumerGroup').catch((e: unknown) => e);
    expect(isBrokerResponseError(error)).toBe(true);
    expect(error).toMatchObject({ code: 17, retriable: true, remark: TOPIC_NOT_EXIST.remark });
    expect((error as { context: Record<string, unknown> }).context).toMatchObject({ address: first.address, requestCode: 105, codeName: 'TOPIC_NOT_EXIST' });
    expect(second.received).toHaveLength(0);
  });

  it('with no name server configured, fails with no-name-server', async () => {
    await expect(clientOf([]).getRouteInfo('T')).rejects.toMatchObject({ kind: 'no-name-server' });
  });
});
