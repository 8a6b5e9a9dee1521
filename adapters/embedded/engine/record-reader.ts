import { decodeRecord, type DecodedMessage } from '../../remoting/protocol/message/stored-message.js';
import type { MessageStore } from '../store/message-store.js';
import { EngineError } from './errors.js';
import type { BrokerMessage } from './message.js';

/**
 * Reads a stored record back as a message (Java `lookMessageByOffset`), body left as stored. Undefined when the
 * offset holds no record; a record that does not decode is store corruption (`corrupt-record`).
 */
export function lookMessage(store: MessageStore, physicalOffset: number): DecodedMessage | undefined {
  if (!Number.isSafeInteger(physicalOffset) || physicalOffset < 0) return undefined;
  const record = store.readRecord(physicalOffset);
  if (record === undefined) return undefined;
  try {
    return decodeRecord(record, 0, { decompress: false });
  } catch (cause) {
    throw new EngineError('corrupt-record', `the record at physical offset ${physicalOffset} does not decode`, { physicalOffset }, { cause });
  }
}

/** A stored message as the input of a re-store (same body, flags, hosts and properties string). */
export function messageFrom(m: DecodedMessage): BrokerMessage {
  return {
    topic: m.topic,
    queueId: m.queueId,
    flag: m.flag,
    body: m.storedBody,
    sysFlag: m.sysFlag,
    bornTimestamp: m.bornTimestamp,
    bornHost: m.bornHost,
    storeHost: m.storeHost,
    reconsumeTimes: m.reconsumeTimes,
    preparedTransactionOffset: m.preparedTransactionOffset,
    properties: { ...m.properties },
    propertiesString: m.propertiesString,
    delayLevel: 0,
  };
}
