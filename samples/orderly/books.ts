import { injectable } from 'inversify';
import { Tally } from '../support/tally.js';

/** One operation on an account; `seq` numbers the account's operations in the order they were sent. */
export interface AccountOp {
  readonly account: string;
  readonly seq: number;
  readonly amount: number;
}

/** The consumer's store: balances, the last sequence seen per account, and how many messages of a queue ran at once. */
@injectable()
export class Books {
  readonly applied = new Tally<AccountOp>();
  readonly outOfOrder: string[] = [];
  readonly balances = new Map<string, number>();
  private readonly lastSeq = new Map<string, number>();
  private readonly running = new Map<string, number>();
  maxConcurrentPerQueue = 0;

  begin(queue: string): void {
    const now = (this.running.get(queue) ?? 0) + 1;
    this.running.set(queue, now);
    this.maxConcurrentPerQueue = Math.max(this.maxConcurrentPerQueue, now);
  }

  apply(op: AccountOp): void {
    const expected = (this.lastSeq.get(op.account) ?? 0) + 1;
    if (op.seq !== expected) this.outOfOrder.push(`${op.account}: got #${op.seq}, expected #${expected}`);
    this.lastSeq.set(op.account, op.seq);
    this.balances.set(op.account, (this.balances.get(op.account) ?? 0) + op.amount);
    this.applied.add(op);
  }

  end(queue: string): void {
    this.running.set(queue, (this.running.get(queue) ?? 1) - 1);
  }
}
