import { describe, expect, it, vi } from 'vitest';
import type { BrokerPort, CallOptions, SendRequest, SendResponse } from '../../../core/ports/broker-port.js';
import { AbortControllerPool } from '../../../core/producer/controller-pool.js';
import { promisedAttempt } from '../../../core/producer/promised-attempt.js';

describe('AbortControllerPool', () => {
  it('hands back the controller of a settled request for the next one', () => {
    const pool = new AbortControllerPool();
    const first = pool.take();
    pool.give(first);
    expect(pool.take()).toBe(first);
    expect(pool.take()).not.toBe(first);
  });

  it('never reuses a controller that fired', () => {
    const pool = new AbortControllerPool();
    const fired = pool.take();
    fired.abort(new Error('abandoned'));
    pool.give(fired);
    const next = pool.take();
    expect(next).not.toBe(fired);
    expect(next.signal.aborted).toBe(false);
  });

  it('takes back a controller its caller knows did not fire, and keeps at most 1024 idle', () => {
    const pool = new AbortControllerPool();
    const controllers = Array.from({ length: 1030 }, () => pool.take());
    for (const c of controllers) pool.reuse(c);
    const again = new Set(Array.from({ length: 1030 }, () => pool.take()));
    expect(controllers.filter((c) => again.has(c))).toHaveLength(1024);
  });
});

describe('promisedAttempt (a port with only the Promise form of a send)', () => {
  type Call = { opts: CallOptions | undefined; resolve: (r: SendResponse) => void; reject: (e: unknown) => void };
  function promisePort(calls: Call[]): BrokerPort {
    return {
      send: (_addr: string, _req: SendRequest, opts?: CallOptions) => new Promise<SendResponse>((resolve, reject) => calls.push({ opts, resolve, reject })),
    } as unknown as BrokerPort;
  }
  const req = {} as SendRequest;
  const answer: SendResponse = { status: 'SEND_OK', offsetMsgId: 'X', queueId: 0, queueOffset: 1, traceOn: true };
  function reply() {
    const seen: unknown[] = [];
    return { seen, sink: { resolved: (v: unknown) => void seen.push(v), rejected: (e: unknown) => void seen.push(e) } };
  }

  it('passes the timeout and a pooled signal; the controller goes back to the pool once answered', async () => {
    const pool = new AbortControllerPool();
    const calls: Call[] = [];
    const r = reply();
    promisedAttempt(promisePort(calls), 'a:1', req, 250, pool, r.sink);
    expect(calls[0]!.opts?.timeoutMs).toBe(250);
    const signal = calls[0]!.opts!.signal!;
    calls[0]!.resolve(answer);
    await vi.waitFor(() => expect(r.seen).toEqual([answer]));
    expect(signal.aborted).toBe(false);
    expect(pool.take().signal).toBe(signal);
  });

  it('cancelled, aborts its signal with the reason and never hands that controller back', async () => {
    const pool = new AbortControllerPool();
    const calls: Call[] = [];
    const r = reply();
    const attempt = promisedAttempt(promisePort(calls), 'a:1', req, 250, pool, r.sink);
    const reason = new Error('timed out');
    attempt.cancel(reason);
    const signal = calls[0]!.opts!.signal!;
    expect(signal.reason).toBe(reason);
    calls[0]!.reject(new Error('aborted'));
    await vi.waitFor(() => expect(r.seen).toHaveLength(1));
    attempt.cancel(new Error('again'));
    expect(pool.take().signal).not.toBe(signal);
  });
});
