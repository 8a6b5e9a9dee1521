import { injectable } from 'inversify';
import { Consumer, InjectProducer, Producer, type BoundProducer, type MessageListener, type ReceivedMessage } from '../../index.js';
import { Tally } from '../support/tally.js';

/** A price change every instance's local cache must see. */
export interface PriceChange {
  readonly sku: string;
  readonly price: number;
}

/** Publishes price changes. */
@injectable()
@Producer({ group: 'price-admin', topic: 'PriceChanges' })
export class PriceAdmin {
  constructor(@InjectProducer() private readonly producer: BoundProducer<PriceChange>) {}

  change(c: PriceChange): Promise<unknown> {
    return this.producer.send(c, { keys: c.sku });
  }
}

/**
 * A local price cache. `messageModel: 'BROADCASTING'` makes every instance of the group receive every message
 * (clustering, the default, would split them); each instance keeps its own offsets on local disk.
 */
@injectable()
@Consumer('PriceChanges', '*', { group: 'price-cache', messageModel: 'BROADCASTING' })
export class PriceCache implements MessageListener<PriceChange> {
  readonly prices = new Map<string, number>();
  readonly updates = new Tally<string>();

  onMessage(message: ReceivedMessage<PriceChange>): void {
    this.prices.set(message.payload.sku, message.payload.price);
    this.updates.add(message.payload.sku);
  }
}
