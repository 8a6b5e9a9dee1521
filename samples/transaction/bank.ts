import { injectable } from 'inversify';
import {
  CheckTransaction,
  Consumer,
  InjectProducer,
  LocalTransaction,
  Producer,
  type BoundProducer,
  type Message,
  type MessageListener,
  type ReceivedMessage,
  type TransactionSendResult,
  type TransactionState,
} from '../../index.js';
import { Tally } from '../support/tally.js';

/** A transfer; `outcome` is what the local database transaction will do (for the demo). */
export interface Transfer {
  readonly id: string;
  readonly amount: number;
  readonly outcome: 'commit' | 'rollback' | 'unknown';
}

/** The local database: transfers it committed, and the broker's check-backs it answered. */
@injectable()
export class Database {
  readonly committed = new Set<string>();
  readonly checks = new Tally<string>();
}

/**
 * A transactional producer: `sendInTransaction` stores a half message, runs `@LocalTransaction` and commits or
 * rolls back by its answer. When the answer is `UNKNOWN` (e.g. the process could not tell), the broker later asks
 * `@CheckTransaction`, which looks at the database.
 */
@injectable()
@Producer({ group: 'transfer-service', topic: 'Transfers' })
export class TransferService {
  constructor(
    @InjectProducer() private readonly producer: BoundProducer<Transfer>,
    private readonly db: Database,
  ) {}

  transfer(t: Transfer): Promise<TransactionSendResult> {
    return this.producer.sendInTransaction(t);
  }

  @LocalTransaction()
  debit(message: Message<Transfer>): TransactionState {
    const t = message.payload;
    if (t.outcome === 'rollback') return 'ROLLBACK';
    this.db.committed.add(t.id);
    return t.outcome === 'commit' ? 'COMMIT' : 'UNKNOWN';
  }

  @CheckTransaction()
  check(message: ReceivedMessage<Transfer>): TransactionState {
    this.db.checks.add(message.payload.id);
    return this.db.committed.has(message.payload.id) ? 'COMMIT' : 'ROLLBACK';
  }
}

/** Credits the other side: it only ever sees committed transfers. */
@injectable()
@Consumer('Transfers', '*', { group: 'credit-service' })
export class CreditService implements MessageListener<Transfer> {
  readonly credited = new Tally<string>();

  onMessage(message: ReceivedMessage<Transfer>): void {
    this.credited.add(message.payload.id);
  }
}
