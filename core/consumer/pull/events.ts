import type { MessageQueue } from '../../message/message-queue.js';
import type { ConsumerEvent } from '../push/events.js';

/**
 * What a pull consumer reports on `events$` (the stream completes when the consumer has shut down). It shares the
 * push consumer's event shapes, so collaborators of both report through the same sink; a pull consumer emits:
 * - `rebalance` / `rebalance-failed` (subscribe mode; `assign` reports its changes as `rebalance` too),
 * - `queue-added` (with the offset its pulls start from) / `queue-released`,
 * - `pull-error` (the queue pulls again after `retryInMs`), `offset-moved` (PULL_OFFSET_MOVED: the queue goes on
 *   from `nextOffset`),
 * - `flow-control` (a queue's buffer went over or back under a threshold),
 * - `offsets-committed` / `offset-commit-failed`,
 * - `broker-request-failed`,
 * - `seek`: the next messages of `queue` start at `offset`.
 * Queues in events are named as the broker knows them (with the namespace, if any).
 */
export type PullConsumerEvent = ConsumerEvent | { readonly type: 'seek'; readonly queue: MessageQueue; readonly offset: number };

/** A sink for events; collaborators get one instead of the subject. */
export type ReportPullEvent = (event: PullConsumerEvent) => void;
