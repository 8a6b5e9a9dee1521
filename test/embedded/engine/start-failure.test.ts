import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Broker } from '../../../adapters/embedded/engine/broker.js';
import type { EngineEvent } from '../../../adapters/embedded/engine/events.js';
import { FileStore } from '../../../adapters/embedded/store/file-store.js';

let dir: string;
const brokers: Broker[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'engine-start-failure-'));
});

afterEach(async () => {
  for (const b of brokers.splice(0)) await b.close();
  rmSync(dir, { recursive: true, force: true });
});

function broker(events: EngineEvent[] = []): Broker {
  const b = new Broker({ store: new FileStore({ dir, flush: 'sync' }), onEvent: (e) => events.push(e) });
  brokers.push(b);
  return b;
}

describe('a broker whose start fails after the store opened', () => {
  it('closes its store (releasing the directory lock) and rethrows', async () => {
    const first = broker();
    await first.start();
    await first.updateSubscriptionGroup({ groupName: 'G' });
    await first.close();
    const stateFile = join(dir, 'config', 'state.json');
    const good = readFileSync(stateFile, 'utf8');
    const state = JSON.parse(good) as [string, string][];
    const corrupt = state.map(([k, v]): [string, string] => [k, k === 'engine.subscriptionGroups' ? '{not json' : v]);
    expect(corrupt).not.toEqual(state);
    writeFileSync(stateFile, JSON.stringify(corrupt));

    const events: EngineEvent[] = [];
    const failing = broker(events);
    await expect(failing.start()).rejects.toThrow(SyntaxError);
    expect(failing.running).toBe(false);
    expect(events).toEqual([]);

    writeFileSync(stateFile, good);
    const second = broker();
    await second.start();
    expect(second.running).toBe(true);
  });
});
