import type { AppendRequest } from './message-store.js';
import { parseRecordRouting } from './record-fields.js';
import { isRecordMagic, RECORD } from './record-layout.js';
import { StoreError } from './store-error.js';

/**
 * Checks an append request before anything is stored; throws `invalid-argument` (topic, queue id, numbers) or
 * `invalid-record` (too short, TOTALSIZE ≠ length, bad magic, fields overrunning the record, or a topic/queue id
 * in the record that differ from the request's — a recovery scan routes records by their own fields).
 */
export function validateAppend(req: AppendRequest): void {
  checkHeader(req);
  checkRouting(req);
}

function checkHeader(req: AppendRequest): void {
  if (typeof req.topic !== 'string' || req.topic.length === 0) {
    throw new StoreError('invalid-argument', 'topic must be a non-empty string', { topic: req.topic });
  }
  if (!Number.isInteger(req.queueId) || req.queueId < 0 || req.queueId > 0x7fffffff) {
    throw new StoreError('invalid-argument', `invalid queue id ${req.queueId}`, { topic: req.topic, queueId: req.queueId });
  }
  const r = req.record;
  if (!Buffer.isBuffer(r) || r.length < RECORD.minSize) {
    throw new StoreError('invalid-record', 'record shorter than a stored-message header', {
      topic: req.topic,
      length: Buffer.isBuffer(r) ? r.length : undefined,
    });
  }
  const total = r.readInt32BE(RECORD.totalSizeAt);
  if (total !== r.length) {
    throw new StoreError('invalid-record', `TOTALSIZE ${total} differs from the record length ${r.length}`, {
      topic: req.topic,
      totalSize: total,
      length: r.length,
    });
  }
  const magic = r.readUInt32BE(RECORD.magicAt);
  if (!isRecordMagic(magic)) {
    throw new StoreError('invalid-record', `bad magic 0x${magic.toString(16)}`, { topic: req.topic, magic });
  }
  if (!Number.isSafeInteger(req.tagsCode) || !Number.isSafeInteger(req.storeTimestamp)) {
    throw new StoreError('invalid-argument', 'tagsCode and storeTimestamp must be integers', {
      topic: req.topic,
      tagsCode: req.tagsCode,
      storeTimestamp: req.storeTimestamp,
    });
  }
}

/**
 * Checks that a request's record parses to the end and names the request's topic and queue id, so that a
 * recovery scan rebuilds its queue entry in the right queue. Throws `invalid-record`.
 */
function checkRouting(req: AppendRequest): void {
  const fields = parseRecordRouting(req.record);
  if (!fields) {
    throw new StoreError('invalid-record', 'record fields overrun the record', { topic: req.topic, length: req.record.length });
  }
  if (fields.topic !== req.topic || fields.queueId !== req.queueId) {
    throw new StoreError('invalid-record', 'record topic/queue id differ from the request', {
      topic: req.topic,
      queueId: req.queueId,
      recordTopic: fields.topic,
      recordQueueId: fields.queueId,
    });
  }
}
