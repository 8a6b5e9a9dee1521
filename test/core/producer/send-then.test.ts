import { Observable, take } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { InFlightLimiter } from '../../../core/producer/in-flight-limiter.js';
import { Lifecycle } from '../../../core/producer/lifecycle.js';
import type { PreparedMessage } from '../../../core/producer/prepare.js';
import { type Outgoing, SendCore } from '../../../core/producer/send-core.js';
import type { SendPipeline, SendPlan } from '../../../core/producer/send-pipeline.js';
import type { SendResult } from '../../../core/producer/send-result.js';
import type { SendTicket } from '../../../core/producer/send-ticket.js';

const SENT: SendResult = { status: 'SEND_OK', msgId: 'M', offsetMsgId: 'O', queue: { topic: 'T', brokerName: 'b', queueId: 0 }, queueOffset: 0 };

/** A send core whose pipeline answers every send on the next microtask (as a broker's answer comes later). */
async function core(): Promise<{ core: SendCore; lifecycle: Lifecycle; limiter: InFlightLimiter }> {
  const lifecycle = new Lifecycle();
  const limiter = new InFlightLimiter(4, 1 << 20);
  const pipeline = { send: (_p: PreparedMessage, _plan: SendPlan, ticket: SendTicket) => queueMicrotask(() => ticket.resolve(SENT)) } as unknown as SendPipeline;
  await lifecycle.start(async () => undefined);
  return { core: new SendCore({ lifecycle, limiter, pipeline: () => pipeline }), lifecycle, limiter };
}

const outgoing = (): Outgoing => ({ prepared: {} as PreparedMessage, plan: {} as SendPlan, bytes: 10 });

describe('SendCore.sendThen$', () => {
  it('lets go of the follow-up when the caller leaves during its synchronous first value', async () => {
    const { core: c, lifecycle, limiter } = await core();
    let live = false;
    const followUp = new Observable<string>((s) => {
      live = true;
      s.next('first');
      return () => (live = false);
    });
    const seen: string[] = [];
    c.sendThen$('T', undefined, outgoing, () => followUp)
      .pipe(take(1))
      .subscribe((v) => seen.push(v));
    await Promise.resolve();
    expect(seen).toEqual(['first']);
    expect(live).toBe(false);
    expect([lifecycle.activeCount, limiter.inFlight]).toEqual([0, 0]);
  });
});
