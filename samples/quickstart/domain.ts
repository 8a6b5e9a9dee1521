import { injectable } from 'inversify';
import { Tally } from '../support/tally.js';

/** An order event as it travels on the `OrderEvents` topic (tag `created` or `paid`). */
export interface OrderEvent {
  readonly orderId: string;
  readonly item: string;
  readonly amount: number;
}

/** Where the order processor writes down what it did (a stand-in for a database). */
@injectable()
export class OrderLedger {
  readonly events = new Tally<{ orderId: string; step: string }>();

  /** The steps recorded for one order, in the order they were processed. */
  stepsOf(orderId: string): string[] {
    return this.events.all.filter((e) => e.orderId === orderId).map((e) => e.step);
  }
}

/** The stock the inventory service reserves (a stand-in for another service's store). */
@injectable()
export class Inventory {
  readonly reserved = new Tally<string>();
}
