import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RemotingCommand } from '../../adapters/remoting/protocol/command.js';
import { InFlightTable, type PendingRequest } from '../../adapters/remoting/transport/in-flight.js';

/** A pending request that records how it was settled and released. */
function pending(opaque: number, log: string[]): PendingRequest {
  return {
    opaque,
    code: 10,
    resolve: (response: RemotingCommand) => log.push(`resolved ${opaque} with ${response.opaque}`),
    reject: (error: Error) => log.push(`rejected ${opaque}: ${error.message}`),
    release: () => log.push(`released ${opaque}`),
  };
}

const response = (opaque: number) => ({ opaque }) as RemotingCommand;

describe('InFlightTable (a ring by opaque, a Map for the requests whose slot is taken)', () => {
  it('settles each request once, by its own opaque, releasing it first', () => {
    const log: string[] = [];
    const table = new InFlightTable();
    for (const o of [1, 2, 3]) table.add(pending(o, log));
    expect(table.size).toBe(3);
    expect(table.resolve(response(2))).toBe(true);
    expect(table.resolve(response(2))).toBe(false);
    expect(table.reject(3, new Error('late'))).toBe(true);
    expect(table.reject(3, new Error('again'))).toBe(false);
    expect([table.has(1), table.has(2), table.has(3), table.size]).toEqual([true, false, false, 1]);
    expect(log).toEqual(['released 2', 'resolved 2 with 2', 'released 3', 'rejected 3: late']);
  });

  it('keeps a long-lived request and a newer one 1024 opaques later apart (the newer one goes to the side map)', () => {
    const log: string[] = [];
    const table = new InFlightTable();
    table.add(pending(5, log)); // a long poll, still in flight
    table.add(pending(5 + 1024, log)); // same ring slot
    table.add(pending(5 + 2048, log)); // same ring slot again
    expect([table.has(5), table.has(1029), table.has(2053), table.has(3077), table.size]).toEqual([true, true, true, false, 3]);
    expect(table.resolve(response(1029))).toBe(true);
    expect(table.resolve(response(5))).toBe(true); // frees the slot; 2053 stays on the side and is still found
    expect(table.has(2053)).toBe(true);
    table.add(pending(5 + 3072, log)); // takes the freed slot
    expect(table.resolve(response(2053))).toBe(true);
    expect(table.resolve(response(3077))).toBe(true);
    expect(table.size).toBe(0);
    expect(log.filter((l) => l.startsWith('resolved'))).toEqual(['resolved 1029 with 1029', 'resolved 5 with 5', 'resolved 2053 with 2053', 'resolved 3077 with 3077']);
  });

  it('works across the int32 wrap (negative opaques)', () => {
    const log: string[] = [];
    const table = new InFlightTable();
    const opaques = [2_147_483_646, 2_147_483_647, -2_147_483_648, -2_147_483_647];
    for (const o of opaques) table.add(pending(o, log));
    for (const o of opaques) expect(table.has(o)).toBe(true);
    for (const o of [...opaques].reverse()) expect(table.resolve(response(o))).toBe(true);
    expect(table.size).toBe(0);
  });

  it('rejectAll rejects everything, in opaque order, even when a rejection settles another', () => {
    const log: string[] = [];
    const table = new InFlightTable();
    for (const o of [7, 7 + 1024, 3, 9]) table.add(pending(o, log));
    table.rejectAll((opaque) => {
      if (opaque === 3) table.reject(9, new Error('settled by another'));
      return new Error(`closed ${opaque}`);
    });
    expect(table.size).toBe(0);
    expect(log.filter((l) => l.startsWith('rejected'))).toEqual(['rejected 9: settled by another', 'rejected 3: closed 3', 'rejected 7: closed 7', 'rejected 1031: closed 1031']);
  });

  it('property: behaves as a map from opaque to request under any interleaving of adds and takes', () => {
    const op = fc.oneof(
      fc.record({ add: fc.integer({ min: -5000, max: 5000 }) }),
      fc.record({ take: fc.integer({ min: -5000, max: 5000 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const table = new InFlightTable();
        const model = new Map<number, PendingRequest>();
        const log: string[] = [];
        for (const o of ops) {
          if ('add' in o) {
            if (model.has(o.add)) continue; // the connection never adds a taken opaque
            const p = pending(o.add, log);
            table.add(p);
            model.set(o.add, p);
          } else {
            expect(table.resolve(response(o.take))).toBe(model.delete(o.take));
          }
          expect(table.size).toBe(model.size);
        }
        for (const key of model.keys()) expect(table.has(key)).toBe(true);
      }),
    );
  });
});
