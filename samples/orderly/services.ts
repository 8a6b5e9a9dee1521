import { injectable } from 'inversify';
import { Consumer, InjectProducer, Producer, type BoundProducer, type MessageListener, type ReceivedMessage, type SendResult } from '../../index.js';
import { type AccountOp, Books } from './books.js';

/** Sends account operations with the account as sharding key: one account's operations share a queue, in order. */
@injectable()
@Producer({ group: 'account-ops-writer', topic: 'AccountOps' })
export class AccountOps {
  constructor(@InjectProducer() private readonly producer: BoundProducer<AccountOp>) {}

  record(op: AccountOp): Promise<SendResult> {
    return this.producer.sendOrderly(op, op.account, { keys: op.account, tags: op.amount >= 0 ? 'deposit' : 'withdrawal' });
  }
}

/**
 * An orderly consumer: its queues are locked at the broker and each is consumed one message at a time, so every
 * account's operations are applied in the order they were sent — even though handlers take a variable time and
 * up to 8 queues are handled in parallel.
 */
@injectable()
@Consumer('AccountOps', 'deposit || withdrawal', { group: 'balance-keeper', orderly: true, consumeConcurrency: 8 })
export class BalanceKeeper implements MessageListener<AccountOp> {
  constructor(private readonly books: Books) {}

  async onMessage(message: ReceivedMessage<AccountOp>): Promise<void> {
    const queue = `${message.queue.brokerName}#${message.queue.queueId}`;
    this.books.begin(queue);
    try {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
      this.books.apply(message.payload);
    } finally {
      this.books.end(queue);
    }
  }
}
