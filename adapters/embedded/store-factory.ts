import { join } from 'node:path';
import { resolveBrokerConfig, type BrokerConfig } from './engine/config.js';
import { SCHEDULE_TOPIC } from './engine/topic-names.js';
import { FileStore } from './store/file-store.js';
import { MemoryStore } from './store/memory-store.js';
import type { MessageStore } from './store/message-store.js';
import { defaultTagsCode, type RecordFields } from './store/record-fields.js';

/**
 * The store of one broker: in memory without a data directory; else a file store in `<dataDir>/<brokerName>`. Its
 * recovery re-creates queue entries with the tags codes the engine writes: a delivery time (store time + the level's
 * delay) for SCHEDULE_TOPIC_XXXX queue `level − 1`, the hash of TAGS otherwise.
 */
export function createStore(options: {
  dataDir: string | undefined;
  brokerName: string;
  flush: 'sync' | 'async';
  engine: Partial<BrokerConfig>;
  /** Retention bound of the memory store (no data directory); default unbounded. */
  memoryRetentionBytes?: number | undefined;
}): MessageStore {
  if (options.dataDir === undefined) return new MemoryStore(options.memoryRetentionBytes === undefined ? {} : { maxBytes: options.memoryRetentionBytes });
  const delays = resolveBrokerConfig(options.engine).delayLevelsMs;
  const tagsCodeOf = (fields: RecordFields): number => {
    if (fields.topic !== SCHEDULE_TOPIC) return defaultTagsCode(fields);
    return fields.storeTimestamp + (delays[fields.queueId] ?? 0);
  };
  return new FileStore({ dir: join(options.dataDir, options.brokerName), flush: options.flush, tagsCodeOf });
}
