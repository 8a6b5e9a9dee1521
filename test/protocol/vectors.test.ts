import { describe, expect, it } from 'vitest';
import {
  computeSignature,
  createRequest,
  createResponse,
  decodeFrame,
  encodeFrame,
  FLAG_RESPONSE,
  RequestCode,
  signRequest,
  type RemotingCommand,
} from '../../adapters/remoting/protocol/index.js';
import { vector } from './fixtures.js';

/** A request as the vectors build it: JAVA, version 401, the given opaque. */
function request(code: number, opaque: number, fields: Partial<RemotingCommand> = {}): RemotingCommand {
  return { ...createRequest({ code, version: 401 }), opaque, ...fields };
}

const SEND_V2_EXT = {
  a: 'ProducerGroupName', b: 'TopicTest', c: 'TBW102', d: '4', e: '0', f: '0', g: '1700000000000', h: '0',
  i: 'KEYS\u0001OrderID001\u0002TAGS\u0001TagA\u0002WAIT\u0001true\u0002UNIQ_KEY\u0001C0A8000A30391B6D358647B760000001',
  j: '0', k: 'false', m: 'false', n: 'broker-a',
};

describe('reference vectors (§10), byte-exact', () => {
  it('a: GET_ROUTEINFO_BY_TOPIC, JSON header', () => {
    const cmd = request(RequestCode.GET_ROUTEINFO_BY_TOPIC, 1, { extFields: { topic: 'TopicTest' } });
    expect(encodeFrame(cmd).equals(vector('a_get_route_json.bin'))).toBe(true);
    expect(decodeFrame(vector('a_get_route_json.bin'))).toEqual(cmd);
  });

  it('b: the same request with the ROCKETMQ binary header', () => {
    const cmd = request(105, 1, { extFields: { topic: 'TopicTest' }, serializeType: 'ROCKETMQ' });
    expect(encodeFrame(cmd).toString('hex')).toBe(vector('b_get_route_rocketmq.bin').toString('hex'));
    expect(decodeFrame(vector('b_get_route_rocketmq.bin'))).toEqual(cmd);
  });

  it('d: PULL_MESSAGE response carrying one stored message (version 407)', () => {
    const body = vector('c_pulled_message.bin');
    const ext = { suggestWhichBrokerId: '0', maxOffset: '6', nextBeginOffset: '6', minOffset: '0' };
    const cmd = createResponse(request(11, 2), { code: 0, extFields: ext, body, version: 407 });
    expect(cmd.flag).toBe(FLAG_RESPONSE);
    expect(encodeFrame(cmd).equals(vector('d_pull_response_json.bin'))).toBe(true);
    const decoded = decodeFrame(vector('d_pull_response_json.bin'));
    expect(decoded).toEqual(cmd);
    expect(decoded.body?.equals(body)).toBe(true);
  });

  it('g: SEND_MESSAGE_V2 with \\u0001/\\u0002 escaped in the JSON header', () => {
    const cmd = request(RequestCode.SEND_MESSAGE_V2, 3, { extFields: SEND_V2_EXT, body: Buffer.from('Hello RocketMQ') });
    const bytes = vector('g_send_message_v2_json.bin');
    expect(bytes.toString('latin1')).toContain('"KEYS\\u0001OrderID001\\u0002TAGS');
    expect(encodeFrame(cmd).equals(bytes)).toBe(true);
    expect(decodeFrame(bytes)).toEqual(cmd);
  });

  it('h: HEART_BEAT with no ext fields and a JSON body', () => {
    const cmd = request(RequestCode.HEART_BEAT, 4, { body: vector('h_heartbeat_body.json') });
    const bytes = vector('h_heartbeat_json.bin');
    expect(encodeFrame(cmd).equals(bytes)).toBe(true);
    expect(decodeFrame(bytes)).toEqual(cmd);
  });

  it('j: GET_ROUTEINFO_BY_TOPIC signed with AccessKey rocketmq2 / SecretKey 12345678', () => {
    const bytes = vector('j_get_route_json_acl.bin');
    const signed = signRequest(request(105, 5, { extFields: { topic: 'TopicTest' } }), {
      accessKey: 'rocketmq2',
      secretKey: '12345678',
    });
    expect(signed.extFields?.Signature).toBe('GeeGoP9mRvDhoVp4PD5omX0prgE=');
    // the vector lists its ext fields in sorted order; same command, same bytes
    const { AccessKey, Signature, topic } = signed.extFields as Record<string, string>;
    expect(encodeFrame({ ...signed, extFields: { AccessKey, Signature, topic } }).equals(bytes)).toBe(true);
    const decoded = decodeFrame(bytes);
    expect(computeSignature(decoded.extFields, decoded.body, '12345678')).toBe(decoded.extFields?.Signature);
  });
});
