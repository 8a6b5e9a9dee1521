import { catchError, defaultIfEmpty, defer, from, isObservable, map, type Observable, of, take } from 'rxjs';
import type { TransactionState } from './send-result.js';

/** A transaction state, directly or as a Promise or Observable of one (the first value counts). */
export type TransactionStateLike = TransactionState | PromiseLike<TransactionState> | Observable<TransactionState>;

/** A state with the error that forced it to UNKNOWN, if any. */
export interface ResolvedState {
  readonly state: TransactionState;
  readonly error?: unknown;
}

const STATES: ReadonlySet<string> = new Set(['COMMIT', 'ROLLBACK', 'UNKNOWN']);

/**
 * Runs a user function that decides a transaction and normalises its answer: a value, Promise or Observable of
 * `COMMIT` / `ROLLBACK` / `UNKNOWN`. A throw, a rejection, an error, no value or anything else → `UNKNOWN` with
 * the error, so the broker checks back later (the Java client's behaviour for a failing listener).
 */
export function resolveTransactionState(decide: () => TransactionStateLike): Observable<ResolvedState> {
  return defer(() => {
    const answer = decide();
    if (isObservable(answer)) return answer.pipe(take(1));
    if (isPromiseLike(answer)) return from(answer);
    return of(answer);
  }).pipe(
    map((state): ResolvedState => (STATES.has(state) ? { state } : { state: 'UNKNOWN', error: new TypeError(`not a transaction state: ${String(state)}`) })),
    defaultIfEmpty<ResolvedState, ResolvedState>({ state: 'UNKNOWN', error: new TypeError('the transaction function gave no state') }),
    catchError((error: unknown) => of<ResolvedState>({ state: 'UNKNOWN', error })),
  );
}

function isPromiseLike(value: unknown): value is PromiseLike<TransactionState> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** END_TRANSACTION's `commitOrRollback`: 8 commit, 12 rollback, 0 unknown. */
export function commitOrRollbackOf(state: TransactionState): 0 | 8 | 12 {
  if (state === 'COMMIT') return 8;
  if (state === 'ROLLBACK') return 12;
  return 0;
}
