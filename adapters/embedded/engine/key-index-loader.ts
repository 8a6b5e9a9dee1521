import { decodeRecord } from '../../remoting/protocol/message/stored-message.js';
import { MessageProperty } from '../../remoting/protocol/message/properties.js';
import { MessageSysFlag, transactionTypeOf } from '../../remoting/protocol/message/sysflag.js';
import { splitKeys } from '../../remoting/protocol/message/tags.js';
import type { MessageStore } from '../store/message-store.js';
import type { KeyIndex, RecordHasKey } from './key-index.js';

const READ_BATCH = 256;

/** The key index's check of a hash match against the store: the record at the offset is in the topic and has the key. */
export function storedRecordHasKey(store: MessageStore): RecordHasKey {
  return (physicalOffset, topic, key) => {
    const record = store.readRecord(physicalOffset);
    if (record === undefined) return false;
    const msg = decodeRecord(record, 0, { decompress: false });
    return msg.topic === topic && (msg.properties[MessageProperty.UNIQ_CLIENT_MESSAGE_ID_KEYIDX] === key || splitKeys(msg.properties[MessageProperty.KEYS]).includes(key));
  };
}

/** Rebuilds the key index from every stored record (on open); rolled-back records are skipped, as Java's index does. */
export function rebuildKeyIndex(store: MessageStore, index: KeyIndex): void {
  for (const [topic, queueCount] of store.queues()) {
    for (let queueId = 0; queueId < queueCount; queueId++) indexQueue(store, index, topic, queueId);
  }
}

function indexQueue(store: MessageStore, index: KeyIndex, topic: string, queueId: number): void {
  let pos = store.minOffset(topic, queueId);
  const max = store.maxOffset(topic, queueId);
  while (pos < max) {
    const records = store.readRecords(topic, queueId, pos, READ_BATCH);
    if (records.length === 0) return;
    for (const r of records) {
      const msg = decodeRecord(r.record, 0, { decompress: false });
      if (transactionTypeOf(msg.sysFlag) !== MessageSysFlag.TRANSACTION_ROLLBACK_TYPE) {
        index.add(topic, msg.properties, r.physicalOffset, r.storeTimestamp);
      }
    }
    pos = records[records.length - 1]!.queueOffset + 1;
  }
}
