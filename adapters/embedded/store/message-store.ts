/**
 * Storage behind the embedded broker. Two implementations honour this contract: a memory store (default) and a
 * file store (append-only segmented commit log + consume queues + offsets under a data directory) that survives a
 * restart and `kill -9`.
 *
 * Records are opaque commit-log records in RocketMQ's stored-message format (shared/protocol §6.1). The store assigns
 * the queue offset and the physical (commit-log) offset and patches them into the record at their fixed positions
 * (QUEUEOFFSET at byte 20, PHYSICALOFFSET at byte 28, both int64 big-endian) before it stores the bytes, so a record
 * read back is exactly what a pull serves.
 */
export interface AppendRequest {
  topic: string;
  queueId: number;
  /**
   * The encoded record; bytes 20..35 of this buffer are overwritten in place with the assigned offsets. Its TOPIC
   * and QUEUEID fields must equal `topic` and `queueId` (a recovery scan routes records by their own fields), and
   * TOTALSIZE must equal its length; otherwise the append is rejected with `invalid-record`.
   */
  record: Buffer;
  /** Consume-queue filter code: Java hashCode of TAGS (0 without tags); a delivery time for scheduled messages. */
  tagsCode: number;
  /** Store timestamp written in the record (ms); kept in the index for offset-by-time search. */
  storeTimestamp: number;
}

export interface AppendResult {
  queueOffset: number;
  physicalOffset: number;
}

export interface QueueEntry {
  queueOffset: number;
  physicalOffset: number;
  size: number;
  tagsCode: number;
  storeTimestamp: number;
}

export interface StoredRecord extends QueueEntry {
  /** The whole record, offsets patched in. */
  record: Buffer;
}

/**
 * A queue entry with its record, its fields named one by one: `{ ...entry, record }` would make a new hidden class
 * for every record read on Node 20 (a spread followed by a new key does), and every later read of it would miss.
 */
export function storedRecord(entry: QueueEntry, record: Buffer): StoredRecord {
  return {
    queueOffset: entry.queueOffset,
    physicalOffset: entry.physicalOffset,
    size: entry.size,
    tagsCode: entry.tagsCode,
    storeTimestamp: entry.storeTimestamp,
    record,
  };
}

export interface TopicConfigRecord {
  topicName: string;
  readQueueNums: number;
  writeQueueNums: number;
  perm: number;
  topicSysFlag: number;
  order: boolean;
}

export interface MessageStore {
  /** Open (and for the file store: recover) the store. */
  open(): Promise<void>;
  /** Flush and release every file handle and timer. Idempotent. Every other call then throws `store-closed`. */
  close(): Promise<void>;

  /**
   * Append records atomically in order; each gets the next offset of its queue. With `flush: 'sync'` the promise
   * resolves only after the bytes are on disk (group commit across concurrent appends is allowed).
   */
  append(requests: AppendRequest[], opts?: { flush?: 'sync' | 'async' }): Promise<AppendResult[]>;

  /**
   * Queue index entries from `max(fromOffset, minOffset)`, at most `maxCount` (cheap: no record bytes); empty at or
   * past `maxOffset`.
   */
  readEntries(topic: string, queueId: number, fromOffset: number, maxCount: number): QueueEntry[];
  /** The record that starts at this physical offset, or undefined (also for an offset inside a record). */
  readRecord(physicalOffset: number): Buffer | undefined;
  /**
   * Entries with their records, for serving a pull (`maxBytes` bounds the total record bytes, at least one entry).
   * Returned buffers must not be mutated (the memory store hands out the stored buffers).
   */
  readRecords(topic: string, queueId: number, fromOffset: number, maxCount: number, maxBytes?: number): StoredRecord[];

  /** Smallest offset still stored (0 for an empty queue). */
  minOffset(topic: string, queueId: number): number;
  /** Next offset to be written (= number of entries ever written). */
  maxOffset(topic: string, queueId: number): number;
  /** First offset whose store time is >= timestamp (maxOffset if none), like SEARCH_OFFSET_BY_TIMESTAMP (LOWER). */
  offsetForTimestamp(topic: string, queueId: number, timestamp: number): number;
  /** Store time of the first stored entry, or -1. */
  earliestStoreTime(topic: string, queueId: number): number;
  /** Queues that exist: topic → number of queues ever written to (max queue id + 1). */
  queues(): Map<string, number>;

  /** Consumer offsets (durable in the file store once the promise resolves). */
  commitOffset(group: string, topic: string, queueId: number, offset: number): Promise<void>;
  committedOffset(group: string, topic: string, queueId: number): number | undefined;
  /** All committed offsets of a group: `topic` → queueId → offset. */
  committedOffsets(group: string): Map<string, Map<number, number>>;

  /** Topic configurations (durable in the file store). */
  putTopicConfig(config: TopicConfigRecord): Promise<void>;
  deleteTopicConfig(topic: string): Promise<void>;
  topicConfigs(): TopicConfigRecord[];

  /** A small key/value area for engine state that must survive restarts (e.g. transaction op log positions). */
  putState(key: string, value: string): Promise<void>;
  getState(key: string): string | undefined;
}
