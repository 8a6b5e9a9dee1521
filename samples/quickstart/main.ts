import 'reflect-metadata';
import { Container } from 'inversify';
import { createRocketMQApp, RocketMQModule } from '../../index.js';
import { sampleCluster } from '../support/cluster.js';
import { summarize, type Summary } from '../support/summary.js';
import { waitFor } from '../support/wait.js';
import { InventoryConsumer, OrderProcessor } from './consumers.js';
import { Inventory, type OrderEvent, OrderLedger } from './domain.js';
import { OrderService } from './order-service.js';

/**
 * Quickstart: an order service publishes `created` and `paid` events; an orderly consumer processes them per order
 * in order, and an inventory consumer in another group reserves stock for every new order.
 */
export async function main({ orders = 5 }: { orders?: number } = {}): Promise<Summary> {
  const cluster = sampleCluster();
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(OrderLedger).toSelf();
  container.bind(Inventory).toSelf();
  container.bind(OrderService).toSelf();
  container.bind(OrderProcessor).toSelf();
  container.bind(InventoryConsumer).toSelf();
  container.loadSync(RocketMQModule(cluster.moduleOptions()));

  const app = createRocketMQApp(container);
  await app.start();
  console.log(`quickstart on ${cluster.label}`);
  try {
    const service = container.get(OrderService);
    const all: OrderEvent[] = Array.from({ length: orders }, (_, i) => ({ orderId: `order-${i + 1}`, item: `item-${(i % 3) + 1}`, amount: 10 * (i + 1) }));
    for (const order of all) await service.placeOrder(order);
    for (const order of all) await service.pay(order);

    const ledger = container.get(OrderLedger);
    const inventory = container.get(Inventory);
    await waitFor(ledger.events.count$, (n) => n >= 2 * orders, `${2 * orders} processed order events`, cluster.patienceMs);
    await waitFor(inventory.reserved.count$, (n) => n >= orders, `${orders} reservations`, cluster.patienceMs);

    for (const order of all) console.log(`  ${order.orderId}: ${ledger.stepsOf(order.orderId).join(' → ')}`);
    console.log(`  inventory reserved: ${inventory.reserved.all.length} items`);
    const inOrder = all.every((o) => ledger.stepsOf(o.orderId).join(',') === 'created,paid');
    return summarize('quickstart', `${orders} orders processed created → paid in order; ${inventory.reserved.all.length} items reserved by the inventory group`, {
      'every order processed created then paid': inOrder,
      'one reservation per order': inventory.reserved.all.length === orders,
    });
  } finally {
    await app.stop();
  }
}
