import { describe, expect, it } from 'vitest';
import { StartStop } from '../../../core/util/start-stop.js';

const refused = () => new Error('shut down');

describe('StartStop', () => {
  it('shares one start; a failed start returns to created and may be retried', async () => {
    const t = new StartStop(refused);
    await expect(t.start(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(t.state).toBe('created');
    expect(t.startPromise).toBeUndefined();
    let runs = 0;
    const run = async () => { runs++; };
    const first = t.start(run);
    expect(t.start(run)).toBe(first);
    await first;
    expect([t.state, runs]).toEqual(['running', 1]);
  });

  it('shuts down once with the start in progress, then refuses to start', async () => {
    const t = new StartStop(refused);
    const started = t.start(async () => undefined);
    const seen: (Promise<void> | undefined)[] = [];
    const stop = async (starting: Promise<void> | undefined) => { seen.push(starting); };
    const down = t.shutdown(stop);
    expect(t.shutdown(stop)).toBe(down);
    expect(t.state).toBe('stopping');
    await down;
    expect([t.state, seen]).toEqual(['stopped', [started]]);
    await expect(t.start(async () => undefined)).rejects.toThrow('shut down');
  });

  it('is stopped even when the stop steps fail', async () => {
    const t = new StartStop(refused);
    await t.start(async () => undefined);
    await expect(t.shutdown(() => Promise.reject(new Error('stop failed')))).rejects.toThrow('stop failed');
    expect(t.state).toBe('stopped');
  });

  it('stopIfIdle stops a never-started client at once, but not a running or stopping one', async () => {
    const idle = new StartStop(refused);
    expect(idle.stopIfIdle()).toBe(true);
    expect(idle.state).toBe('stopped');
    const running = new StartStop(refused);
    await running.start(async () => undefined);
    expect(running.stopIfIdle()).toBe(false);
    const down = running.shutdown(async () => undefined);
    expect(running.stopIfIdle()).toBe(false);
    await down;
    expect(running.stopIfIdle()).toBe(false);
  });
});
