import { SendError, type SendErrorDetails } from './errors.js';
import { type SendResult, sendResultOf } from './send-result.js';

/**
 * Splits the result of an auto batch back per message, as the Java `ProduceAccumulator` does: message `i` gets
 * its own UNIQ_KEY as `msgId`, the `i`-th of the broker's comma-joined offset ids and the batch's first queue offset
 * plus `i`; status, queue, transaction id and region are the batch's. A batch of one keeps the result as it is.
 * Throws `SendError('send-failed')` when the broker's answer lists another number of offset ids (Java fails too).
 */
export function splitBatchResult(result: SendResult, uniqKeys: readonly string[]): SendResult[] {
  const count = uniqKeys.length;
  if (count === 1) return [{ ...result, msgId: uniqKeys[0]! }];
  const offsetIds = result.offsetMsgId.split(',');
  if (offsetIds.length !== count) {
    throw new SendError(
      'send-failed',
      `the broker answered ${offsetIds.length} offset id(s) for an auto batch of ${count} messages`,
      { topic: result.queue.topic, brokerName: result.queue.brokerName, queue: result.queue, autoBatchSize: count },
    );
  }
  return uniqKeys.map((msgId, i) => sendResultOf(result.status, msgId, offsetIds[i]!, result.queue, result.queueOffset + i, result));
}

/**
 * The error every member of a failed auto batch of `count` messages rejects with: a `SendError` keeps its kind,
 * fields and cause and says in its message and context (`autoBatchSize`) that it was an auto batch. Other errors
 * are returned as they are.
 */
export function autoBatchError(error: unknown, count: number): unknown {
  if (!(error instanceof SendError)) return error;
  const details: SendErrorDetails = { ...(error.context as SendErrorDetails), autoBatchSize: count };
  return new SendError(error.kind, `${error.message} (auto batch of ${count} messages)`, details, { cause: error.cause });
}
