import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ControllerSlot, fromAbortable } from '../../../../core/consumer/push/abortable.js';

describe('fromAbortable with a ControllerSlot', () => {
  it('reuses the signal of a call that settled unaborted, for a resolved and a rejected call', async () => {
    const slot = new ControllerSlot();
    const signals: AbortSignal[] = [];
    const ok = (signal: AbortSignal) => (signals.push(signal), Promise.resolve(1));
    const fail = (signal: AbortSignal) => (signals.push(signal), Promise.reject(new Error('no')));
    await firstValueFrom(fromAbortable(ok, slot));
    await expect(firstValueFrom(fromAbortable(fail, slot))).rejects.toThrow('no');
    await firstValueFrom(fromAbortable(ok, slot));
    expect(signals[1]).toBe(signals[0]);
    expect(signals[2]).toBe(signals[0]);
    expect(signals[0]!.aborted).toBe(false);
  });

  it('aborts a call left before it settled and never hands that controller out again', async () => {
    const slot = new ControllerSlot();
    const signals: AbortSignal[] = [];
    let settle: (v: number) => void = () => undefined;
    const pending = (signal: AbortSignal) => (signals.push(signal), new Promise<number>((resolve) => (settle = resolve)));
    fromAbortable(pending, slot).subscribe().unsubscribe();
    expect(signals[0]!.aborted).toBe(true);
    settle(1);
    await Promise.resolve();
    await firstValueFrom(fromAbortable((signal) => (signals.push(signal), Promise.resolve(2)), slot));
    expect(signals[1]).not.toBe(signals[0]);
    expect(signals[1]!.aborted).toBe(false);
  });
});
