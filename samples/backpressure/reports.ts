import { injectable } from 'inversify';
import { Consumer, InjectProducer, Producer, type BoundProducer, type MessageListener, type ReceivedMessage } from '../../index.js';
import { Tally } from '../support/tally.js';

/** Messages a queue may hold before its pulls stop (the default is 1000; small here to make it visible). */
export const QUEUE_THRESHOLD = 100;
export const GROUP = 'slow-reports';

/** A report request. */
export interface ReportRequest {
  readonly n: number;
}

/** Fills the topic quickly, in batches. */
@injectable()
@Producer({ group: 'report-requests', topic: 'ReportRequests' })
export class ReportRequests {
  constructor(@InjectProducer() private readonly producer: BoundProducer<ReportRequest>) {}

  async flood(count: number, batch = 100): Promise<void> {
    for (let start = 0; start < count; start += batch) {
      const size = Math.min(batch, count - start);
      await this.producer.sendBatch(Array.from({ length: size }, (_, i) => ({ n: start + i })));
    }
  }
}

/**
 * A slow consumer (a few ms per message, 4 at a time) facing a large backlog. Its queues stop pulling while they
 * hold `QUEUE_THRESHOLD` messages and pull again as the handler makes room: memory is bounded by the threshold, not
 * by the backlog.
 */
@injectable()
@Consumer('ReportRequests', '*', { group: GROUP, pullThresholdForQueue: QUEUE_THRESHOLD, consumeConcurrency: 4 })
export class ReportBuilder implements MessageListener<ReportRequest> {
  readonly built = new Tally<number>();

  async onMessage(message: ReceivedMessage<ReportRequest>): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 2));
    this.built.add(message.payload.n);
  }
}
