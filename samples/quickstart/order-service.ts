import { injectable } from 'inversify';
import { type BoundProducer, InjectProducer, Producer, type SendResult } from '../../index.js';
import type { OrderEvent } from './domain.js';

/**
 * Publishes order events. `@Producer` gives the class its own producer (group `order-service`, default topic
 * `OrderEvents`); `sendOrderly` with the order id as sharding key keeps all events of one order in one queue, in order.
 */
@injectable()
@Producer({ group: 'order-service', topic: 'OrderEvents' })
export class OrderService {
  constructor(@InjectProducer() private readonly producer: BoundProducer<OrderEvent>) {}

  placeOrder(order: OrderEvent): Promise<SendResult> {
    return this.producer.sendOrderly(order, order.orderId, { tags: 'created', keys: order.orderId });
  }

  pay(order: OrderEvent): Promise<SendResult> {
    return this.producer.sendOrderly(order, order.orderId, { tags: 'paid', keys: order.orderId });
  }
}
