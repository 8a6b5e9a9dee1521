import { ReceivedMessage } from '../../core/message/received-message.js';

/** A received message for unit tests (no broker): topic, tag, payload and a queue offset. */
export function received<T>(topic: string, tags: string | undefined, payload: T, offset = 0): ReceivedMessage<T> {
  return new ReceivedMessage<T>(
    {
      msgId: `${topic}-${tags ?? 'none'}-${offset}`,
      offsetMsgId: `off-${offset}`,
      topic,
      queue: { topic, brokerName: 'broker-a', queueId: 0 },
      queueOffset: offset,
      commitLogOffset: offset,
      reconsumeTimes: 0,
      body: Buffer.alloc(0),
      ...(tags === undefined ? {} : { tags }),
      keys: [],
      properties: {},
      systemProperties: {},
      bornTimestamp: 0,
      storeTimestamp: 0,
      bornHost: '127.0.0.1:1',
      storeHost: '127.0.0.1:2',
      sysFlag: 0,
      flag: 0,
    },
    () => payload,
  );
}
