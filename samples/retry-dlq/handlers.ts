import { injectable } from 'inversify';
import { ConsumerGroup, InjectProducer, OnMessage, Producer, type BoundProducer, type ReceivedMessage } from '../../index.js';
import { Tally } from '../support/tally.js';

/** A payment to charge. */
export interface Payment {
  readonly id: string;
}

/** What the handlers saw: every attempt with its reconsume count, and the payments that finally went through. */
@injectable()
export class Attempts {
  readonly attempts = new Tally<string>();
  readonly charged = new Tally<string>();
}

/** Publishes payments; the tag says which gateway handles them. */
@injectable()
@Producer({ group: 'payment-requests', topic: 'Payments' })
export class PaymentRequests {
  constructor(@InjectProducer() private readonly producer: BoundProducer<Payment>) {}

  submit(payment: Payment, gateway: 'flaky' | 'broken'): Promise<unknown> {
    return this.producer.send(payment, { tags: gateway, keys: payment.id });
  }
}

/**
 * Two handlers in one group (merged into one consumer, dispatched by tag). A failed message is sent back to the
 * broker and delivered again from `%RETRY%payment-gateway` with a rising `reconsumeTimes`; after
 * `maxReconsumeTimes` failed retries it goes to `%DLQ%payment-gateway`. `delayLevelWhenNextConsume: 1` retries after
 * 1 s instead of the broker's 10 s, 30 s, 1 min … so the sample is quick.
 */
@injectable()
@ConsumerGroup({ group: 'payment-gateway', maxReconsumeTimes: 2, delayLevelWhenNextConsume: 1 })
export class Gateways {
  constructor(private readonly attempts: Attempts) {}

  /** Fails the first two deliveries, succeeds on the third (reconsumeTimes 2). */
  @OnMessage('Payments', 'flaky')
  flaky(message: ReceivedMessage<Payment>): void {
    this.attempts.attempts.add(`${message.payload.id} (flaky) attempt ${message.reconsumeTimes + 1}`);
    if (message.reconsumeTimes < 2) throw new Error(`gateway timeout for ${message.payload.id}`);
    this.attempts.charged.add(message.payload.id);
  }

  /** Always fails: after the first delivery and two retries the message is dead-lettered. */
  @OnMessage('Payments', 'broken')
  broken(message: ReceivedMessage<Payment>): void {
    this.attempts.attempts.add(`${message.payload.id} (broken) attempt ${message.reconsumeTimes + 1}`);
    throw new Error(`card declined for ${message.payload.id}`);
  }
}
