import { describe, expect, it } from 'vitest';
import {
  decodeStoredMessages,
  encodeOffsetMessageId,
  encodeStoredMessage,
} from '../../../adapters/remoting/protocol/message/index.js';

const record = (storeHost: string, physicalOffset: number, topic: string) =>
  encodeStoredMessage({
    topic, queueId: 0, queueOffset: 0, physicalOffset, sysFlag: 0, bornTimestamp: 1, bornHost: '10.0.0.1:1',
    storeTimestamp: 2, storeHost, body: Buffer.from('x'), properties: {},
  });

describe('strings shared by the records of one body', () => {
  it('offset ids, hosts and topics stay right when the store host or topic changes between records', () => {
    const hosts = ['127.0.0.1:10911', '127.0.0.1:10912', '127.0.0.2:10911', '127.0.0.1:10911', '127.0.0.1:10911'];
    const topics = ['A', 'A', 'B', 'AB', 'A'];
    const body = Buffer.concat(hosts.map((h, i) => record(h, 1000 * i + 7, topics[i] as string)));
    const msgs = decodeStoredMessages(body);
    msgs.forEach((m, i) => {
      const [ip, port] = (hosts[i] as string).split(':') as [string, string];
      expect(m.offsetMsgId).toBe(encodeOffsetMessageId(ip, Number(port), 1000 * i + 7));
      expect(m.storeHost).toBe(hosts[i]);
      expect(m.topic).toBe(topics[i]);
    });
  });

  it('offset ids of IPv6 store hosts: 16 address bytes, port, offset', () => {
    const v6 = encodeStoredMessage({
      topic: 'T', queueId: 0, queueOffset: 0, physicalOffset: 0x0102030405, sysFlag: 0x20, bornTimestamp: 1,
      bornHost: '10.0.0.1:1', storeTimestamp: 2, storeHost: '[fd00::2]:10911', body: Buffer.from('x'), properties: {},
    });
    const msgs = decodeStoredMessages(Buffer.concat([record('127.0.0.1:10911', 5, 'T'), v6]));
    expect(msgs[0]?.offsetMsgId).toBe('7F00000100002A9F0000000000000005');
    expect(msgs[1]?.offsetMsgId).toBe('FD000000000000000000000000000002' + '00002A9F' + '0000000102030405');
  });
});
