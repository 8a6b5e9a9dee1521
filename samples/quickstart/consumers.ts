import { injectable } from 'inversify';
import { Consumer, type MessageListener, type ReceivedMessage } from '../../index.js';
import { Inventory, type OrderEvent, OrderLedger } from './domain.js';

/**
 * Processes `created` and `paid` events of the `order-processor` group. `orderly: true` consumes each queue one
 * message at a time under a broker lock, so an order's `paid` is never handled before its `created`. The ledger is
 * injected by inversify (constructor injection).
 */
@injectable()
@Consumer('OrderEvents', 'created || paid', { group: 'order-processor', orderly: true })
export class OrderProcessor implements MessageListener<OrderEvent> {
  constructor(private readonly ledger: OrderLedger) {}

  onMessage(message: ReceivedMessage<OrderEvent>): void {
    this.ledger.events.add({ orderId: message.payload.orderId, step: message.tags ?? '?' });
  }
}

/** Another service, in its own group: it receives every `created` event too, independently of the processor. */
@injectable()
@Consumer('OrderEvents', 'created', { group: 'inventory' })
export class InventoryConsumer implements MessageListener<OrderEvent> {
  constructor(private readonly inventory: Inventory) {}

  async onMessage(message: ReceivedMessage<OrderEvent>): Promise<void> {
    this.inventory.reserved.add(`${message.payload.item} for ${message.payload.orderId}`);
  }
}
