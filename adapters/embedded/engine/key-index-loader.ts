import { decodeRecord } from '../../remoting/protocol/message/stored-message.js';
import { MessageSysFlag, transactionTypeOf } from '../../remoting/protocol/message/sysflag.js';
import type { MessageStore } from '../store/message-store.js';
import type { KeyIndex } from './key-index.js';

const READ_BATCH = 256;

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
