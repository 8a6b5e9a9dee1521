import type { MessageQueue } from '../../../../core/message/message-queue.js';
import { writeFastjson } from './fastjson-writer.js';
import { numberItem, parseBodyObject } from './fields.js';
import { queueKeyedEntries, queueKeyedMap } from './message-queue-json.js';

/**
 * ResetOffsetBody, the RESET_CONSUMER_CLIENT_OFFSET (and INVOKE_BROKER_TO_RESET_OFFSET answer) body, a map keyed by
 * MessageQueue objects: `{"offsetTable":{{"brokerName":"b","queueId":0,"topic":"t"}:0}}` (shared/protocol §4.15).
 */
export interface QueueOffset {
  queue: MessageQueue;
  offset: number;
}

export function decodeResetOffsetBody(body: Uint8Array | string): QueueOffset[] {
  const o = parseBodyObject(body, 'ResetOffsetBody');
  return queueKeyedEntries(o.offsetTable ?? {}, 'ResetOffsetBody.offsetTable', numberItem).map((e) => ({ queue: e.queue, offset: e.value }));
}

export function encodeResetOffsetBody(offsets: readonly QueueOffset[]): Buffer {
  const table = queueKeyedMap(offsets.map((e) => ({ queue: e.queue, value: e.offset })));
  return Buffer.from(writeFastjson({ offsetTable: table }), 'utf8');
}
