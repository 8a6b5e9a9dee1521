import { injectable } from 'inversify';
import { bufferTime, concatMap, filter, type Observable } from 'rxjs';
import { Consumer, InjectProducer, Producer, type BoundProducer, type ReceivedMessage, type StreamAck, type StreamListener } from '../../index.js';
import { Tally } from '../support/tally.js';

/** A click on a page. */
export interface Click {
  readonly page: string;
  readonly n: number;
}

/** A store that is much faster per row when written in bulk (a stand-in for a database or a search index). */
@injectable()
export class ClickStore {
  readonly rows = new Tally<Click>();
  readonly batchSizes: number[] = [];

  async insertMany(clicks: readonly Click[]): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.batchSizes.push(clicks.length);
    for (const c of clicks) this.rows.add(c);
  }
}

/** Publishes clicks. */
@injectable()
@Producer({ group: 'click-tracker', topic: 'Clicks' })
export class ClickTracker {
  constructor(@InjectProducer() private readonly producer: BoundProducer<Click>) {}

  track(click: Click): Promise<unknown> {
    return this.producer.send(click, { tags: click.page });
  }
}

/**
 * A stream handler: it receives the messages as an Observable and returns the acknowledgements. Here: batches of up
 * to 50 clicks or 100 ms, written with one bulk insert each, then acknowledged as a batch (emitting the batch acks
 * every message in it; their offsets can then be committed). Unacknowledged messages stay in their process queues,
 * so flow control still bounds what is held.
 */
@injectable()
@Consumer('Clicks', '*', { group: 'click-loader' })
export class ClickLoader implements StreamListener<Click> {
  constructor(private readonly store: ClickStore) {}

  onStream(clicks$: Observable<ReceivedMessage<Click>>): Observable<StreamAck<Click>> {
    return clicks$.pipe(
      bufferTime(100, null, 50),
      filter((batch) => batch.length > 0),
      concatMap(async (batch) => {
        await this.store.insertMany(batch.map((m) => m.payload));
        return batch;
      }),
    );
  }
}
