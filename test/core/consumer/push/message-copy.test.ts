import { describe, expect, it } from 'vitest';
import { CodecRegistry } from '../../../../core/codec/codec-registry.js';
import { copyMessage, stripNamespace, withReconsumeTimes } from '../../../../core/consumer/push/message-copy.js';
import { toReceivedMessage } from '../../../../core/message/received-message.js';

const queue = { topic: 'ns%T', brokerName: 'broker-a', queueId: 0 };

function pulled() {
  return toReceivedMessage(
    {
      topic: 'ns%T', queueId: 0, queueOffset: 5, physicalOffset: 10, sysFlag: 0, flag: 0, bornTimestamp: 1, bornHost: 'h:1',
      storeTimestamp: 2, storeHost: 'h:2', reconsumeTimes: 0, body: Buffer.from('b'),
      properties: { UNIQ_KEY: 'U1', TAGS: 'A', orderId: '7' }, msgId: 'U1', offsetMsgId: 'O1',
    },
    queue,
    { registry: new CodecRegistry() },
  );
}

describe('message copies', () => {
  it('keep the property maps (getters a spread does not copy)', () => {
    const copies = [copyMessage(pulled(), { reconsumeTimes: 2 }), withReconsumeTimes(pulled(), 3), stripNamespace(pulled(), 'ns')];
    for (const c of copies) {
      expect(c.properties).toEqual({ orderId: '7' });
      expect(c.systemProperties).toEqual({ UNIQ_KEY: 'U1', TAGS: 'A' });
    }
    expect(copies[1]!.reconsumeTimes).toBe(3);
    expect(copies[2]!.topic).toBe('T');
  });

  it('read the original\'s properties only when the copy\'s are read (a copy per message parses nothing)', () => {
    let parsed = 0;
    const raw = 'UNIQ_KEY\u0001U1\u0002TAGS\u0001A\u0002orderId\u00017';
    const original = toReceivedMessage(
      {
        topic: 'ns%T', queueId: 0, queueOffset: 5, physicalOffset: 10, sysFlag: 0, flag: 0, bornTimestamp: 1, bornHost: 'h:1',
        storeTimestamp: 2, storeHost: 'h:2', reconsumeTimes: 0, body: Buffer.from('b'), msgId: 'U1', offsetMsgId: 'O1',
        propertiesString: raw,
        get properties() {
          parsed++;
          return { UNIQ_KEY: 'U1', TAGS: 'A', orderId: '7' };
        },
      },
      queue,
      { registry: new CodecRegistry() },
    );
    const copy = stripNamespace(withReconsumeTimes(original, 1), 'ns');
    expect([copy.topic, copy.tags, copy.reconsumeTimes, parsed]).toEqual(['T', 'A', 1, 0]);
    expect(copy.properties).toEqual({ orderId: '7' });
    expect(parsed).toBe(1);
  });
});
