import type { RemotingCommand } from '../../adapters/remoting/protocol/command.js';
import { encodeSendBatchMessageRequest } from '../../adapters/remoting/protocol/headers/send-batch-message.js';
import { encodeSendMessageV2Request } from '../../adapters/remoting/protocol/headers/send-message-v2.js';
import type { SendMessageRequestHeader } from '../../adapters/remoting/protocol/headers/send-message.js';
import { encodeProperties } from '../../adapters/remoting/protocol/message/properties.js';
import type { CommandDefaults } from '../../adapters/remoting/protocol/send-v2-command.js';
import type { SendV2Fields } from '../../adapters/remoting/protocol/send-v2-json-direct.js';

/** The command as the general path makes it: the header codec's extFields of the header the Java client sends. */
export function generalCommand(f: SendV2Fields, code: number, defaults: CommandDefaults, opaque: number, flag: number, body: Buffer, order: { order: 'java' | 'declaration' }): RemotingCommand {
  const header: SendMessageRequestHeader = {
    producerGroup: f.producerGroup,
    topic: f.topic,
    defaultTopic: f.defaultTopic,
    defaultTopicQueueNums: f.defaultTopicQueueNums,
    queueId: f.queueId,
    sysFlag: f.sysFlag,
    bornTimestamp: f.bornTimestamp,
    flag: f.flag,
    properties: encodeProperties(f.properties),
    reconsumeTimes: f.reconsumeTimes ?? 0,
    unitMode: false,
    batch: code === 320,
    bname: f.brokerName,
  };
  if (f.maxReconsumeTimes !== undefined) header.maxReconsumeTimes = f.maxReconsumeTimes;
  const extFields = code === 320 ? encodeSendBatchMessageRequest(header, order) : encodeSendMessageV2Request(header, order);
  return { code, language: defaults.language, version: defaults.version, opaque, flag, serializeType: defaults.serializeType, extFields, body };
}

export const body = Buffer.from('body bytes');
export const JSON_DEFAULTS: CommandDefaults = { serializeType: 'JSON', language: 'JAVA', version: 395 };
export const producerFields: SendV2Fields = {
  producerGroup: 'PG', topic: 'T', defaultTopic: 'TBW102', defaultTopicQueueNums: 4, queueId: 1, sysFlag: 0, bornTimestamp: 1732500000000, flag: 0,
  properties: { rmqrx_codec: 'raw', TAGS: 'TagA', WAIT: 'true', UNIQ_KEY: '7F00000100002A9F0000000000000001' }, reconsumeTimes: 0, brokerName: 'broker-a',
};

/** `f` with another queue, born timestamp and UNIQ_KEY, as the next send of a producer. */
export function nextSend(f: SendV2Fields, n: number, over: Partial<SendV2Fields> = {}): SendV2Fields {
  return {
    ...f,
    queueId: n % 4,
    bornTimestamp: f.bornTimestamp + n,
    properties: { ...f.properties, UNIQ_KEY: `7F00000100002A9F00000000000${String(10000 + n)}` },
    ...over,
  };
}
