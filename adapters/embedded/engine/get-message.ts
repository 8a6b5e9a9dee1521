import type { MessageStore } from '../store/message-store.js';

/** Java `GetMessageStatus`; its name is the pull response's remark. */
export type GetMessageStatus =
  | 'FOUND'
  | 'NO_MATCHED_MESSAGE'
  | 'MESSAGE_WAS_REMOVING'
  | 'OFFSET_FOUND_NULL'
  | 'OFFSET_OVERFLOW_BADLY'
  | 'OFFSET_OVERFLOW_ONE'
  | 'OFFSET_TOO_SMALL'
  | 'NO_MATCHED_LOGIC_QUEUE'
  | 'NO_MESSAGE_IN_QUEUE';

export interface GetMessageResult {
  status: GetMessageStatus;
  nextBeginOffset: number;
  minOffset: number;
  maxOffset: number;
  records: Buffer[];
}

export interface GetMessageLimits {
  /** At most this many messages (the request's maxMsgNums; the first one is always taken). */
  maxMsgNums: number;
  /** Byte and count limits of one answer (Java in-memory transfer limits). */
  maxBytes: number;
  maxCount: number;
}

/**
 * Java `DefaultMessageStore.getMessage` on a master (4.9.7): the status and `nextBeginOffset` of shared/protocol §4.2.
 * Entries are scanned from `offset`; those whose tags code does not match are skipped but counted, so
 * `nextBeginOffset` is the scan end, not last returned + 1.
 */
export function getMessage(
  store: MessageStore,
  topic: string,
  queueId: number,
  offset: number,
  limits: GetMessageLimits,
  matches: (tagsCode: number) => boolean,
): GetMessageResult {
  const minOffset = store.minOffset(topic, queueId);
  const maxOffset = store.maxOffset(topic, queueId);
  const result = (status: GetMessageStatus, nextBeginOffset: number): GetMessageResult => ({
    status, nextBeginOffset, minOffset, maxOffset, records: [],
  });
  if (maxOffset === 0) return result('NO_MESSAGE_IN_QUEUE', 0);
  if (offset < minOffset) return result('OFFSET_TOO_SMALL', minOffset);
  if (offset === maxOffset) return result('OFFSET_OVERFLOW_ONE', offset);
  if (offset > maxOffset) return result('OFFSET_OVERFLOW_BADLY', maxOffset);
  return scan(store, topic, queueId, offset, limits, matches, result('NO_MATCHED_MESSAGE', offset));
}

function scan(
  store: MessageStore,
  topic: string,
  queueId: number,
  offset: number,
  limits: GetMessageLimits,
  matches: (tagsCode: number) => boolean,
  out: GetMessageResult,
): GetMessageResult {
  // Java scans at most max(800, maxMsgNums) entries (16,000 bytes of its consume queue), one at a time until the batch
  // is full. They are read here in chunks of the batch size, so a pull that fills at once reads no more than it uses.
  const limit = Math.max(800, limits.maxMsgNums);
  const chunk = Math.max(32, limits.maxMsgNums);
  let bytes = 0;
  let scanned = 0;
  let full = false;
  while (!full && scanned < limit) {
    const entries = store.readEntries(topic, queueId, offset + scanned, Math.min(chunk, limit - scanned));
    if (entries.length === 0) break;
    for (const e of entries) {
      if ((full = batchFull(e.size, limits, bytes, out.records.length))) break;
      scanned++;
      if (!matches(e.tagsCode)) continue;
      const record = store.readRecord(e.physicalOffset);
      if (record === undefined) {
        if (out.records.length === 0) out.status = 'MESSAGE_WAS_REMOVING';
        continue;
      }
      out.records.push(record);
      bytes += record.length;
      out.status = 'FOUND';
    }
  }
  if (scanned === 0 && !full) return { ...out, status: 'OFFSET_FOUND_NULL', nextBeginOffset: offset };
  out.nextBeginOffset = offset + scanned;
  return out;
}

/** Java `isTheBatchFull` for messages in memory. */
function batchFull(size: number, limits: GetMessageLimits, bytes: number, count: number): boolean {
  if (bytes === 0 || count === 0) return false;
  if (limits.maxMsgNums <= count) return true;
  return bytes + size > limits.maxBytes || count > limits.maxCount - 1;
}
