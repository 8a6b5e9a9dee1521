import { Socket, connect as netConnect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RequestCode, ResponseCode } from '../../../adapters/remoting/protocol/codes.js';
import { parseAddress } from '../../../adapters/remoting/transport/address.js';
import { client, Resources, sendV2, startBroker } from './helpers.js';

const resources = new Resources();
afterEach(() => resources.closeAll());

/** A bare socket to the broker that writes whatever bytes a test gives it. */
async function rawSocket(address: string): Promise<Socket> {
  const { host, port } = parseAddress(address);
  const socket = netConnect({ host, port });
  resources.add({ close: () => void socket.destroy() });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return socket;
}

const closed = (socket: Socket) => new Promise<void>((resolve) => socket.once('close', () => resolve()));

describe('malformed frames', () => {
  const malformed: [string, Buffer][] = [
    ['a header that is not JSON', frame(0, Buffer.from('{not json'))],
    ['an unknown serialization type', frame(7, Buffer.from('{}'))],
    ['a header length past the frame', Buffer.from([0, 0, 0, 8, 0, 0, 0, 200, 1, 2, 3, 4])],
    ['a negative length', Buffer.from([0xff, 0xff, 0xff, 0xf0, 0, 0, 0, 0])],
  ];

  it.each(malformed)('%s closes only that connection (logged once) while another client carries on', async (_what, bytes) => {
    const { mq, logger } = await startBroker(resources);
    const good = await client(resources, mq.address);
    expect((await good.call(sendV2({ topic: 'StillHere' }))).code).toBe(ResponseCode.SUCCESS);
    const bad = await rawSocket(mq.address);
    const gone = closed(bad);
    bad.write(bytes);
    await gone;
    const res = await good.call(sendV2({ topic: 'StillHere' }));
    expect(res.extFields).toMatchObject({ queueOffset: '1' });
    expect(logger.of('warn').filter((m) => m.startsWith('closed the connection'))).toHaveLength(1);
    expect(logger.of('error')).toEqual([]);
  });
});

describe('request codes the broker does not serve', () => {
  it('answers REQUEST_CODE_NOT_SUPPORTED with the Java remark, and nothing to a oneway one', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    const res = await c.call({ code: 9999, extFields: { any: 'thing' } });
    expect(res).toMatchObject({ code: ResponseCode.REQUEST_CODE_NOT_SUPPORTED, remark: ' request type 9999 not supported', version: 409 });
    const litePull = await c.call({ code: RequestCode.LITE_PULL_MESSAGE, serializeType: 'ROCKETMQ' });
    expect(litePull).toMatchObject({ code: ResponseCode.REQUEST_CODE_NOT_SUPPORTED, remark: ' request type 361 not supported' });
    await c.oneway({ code: 9998 });
    expect((await c.call({ code: RequestCode.GET_BROKER_CLUSTER_INFO })).code).toBe(ResponseCode.SUCCESS);
    expect(c.connection.stats.unknownResponses).toBe(0);
  });

  it('answers broker-only codes on a secondary broker port and name-server codes only on the main port', async () => {
    const { mq } = await startBroker(resources, { brokers: 2 });
    const second = await client(resources, mq.brokers[1]!.address);
    expect((await second.call({ code: RequestCode.GET_ROUTEINFO_BY_TOPIC, extFields: { topic: 'TBW102' } })).code).toBe(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
    expect((await second.call(sendV2({ topic: 'OnSecond' }))).code).toBe(ResponseCode.SUCCESS);
  });

  it('ignores unknown ext fields such as ReqT', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    const req = sendV2({ topic: 'ReqTTopic' });
    expect((await c.call({ ...req, extFields: { ...req.extFields!, ReqT: '0', AccessKey: 'ak' } })).code).toBe(ResponseCode.SUCCESS);
  });
});

function frame(type: number, header: Buffer): Buffer {
  const out = Buffer.alloc(8 + header.length);
  out.writeInt32BE(4 + header.length, 0);
  out.writeUInt32BE(((type << 24) | header.length) >>> 0, 4);
  header.copy(out, 8);
  return out;
}
