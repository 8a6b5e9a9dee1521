import { spawn } from 'node:child_process';
import { readdirSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStore } from '../../../adapters/embedded/store/file-store.js';
import { patchOffsets } from '../../../adapters/embedded/store/record-layout.js';
import { killTestRequest } from './fixtures/kill-test-records.js';
import { tempDir } from './temp-dir.js';

const repoRoot = join(import.meta.dirname, '..', '..', '..');
const fixture = join(import.meta.dirname, 'fixtures', 'append-until-killed.ts');

interface Ack {
  n: number;
  queueOffset: number;
  physicalOffset: number;
}

/** Runs the fixture until it acknowledged `acks` appends, kills it with SIGKILL, returns every acknowledgement. */
async function runAndKill(dir: string, acks: number): Promise<{ appended: Ack[]; lastOffset: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, dir], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const appended: Ack[] = [];
  let lastOffset = 0;
  for await (const line of createInterface({ input: child.stdout })) {
    const [kind, a, b, c] = line.split(' ');
    if (kind === 'ack') appended.push({ n: Number(a), queueOffset: Number(b), physicalOffset: Number(c) });
    if (kind === 'offset') lastOffset = Number(a);
    if (appended.length === acks) child.kill('SIGKILL');
  }
  const signal = await exited;
  expect(signal, stderr).toBe('SIGKILL');
  return { appended, lastOffset };
}

describe('FileStore after kill -9', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let store: FileStore | undefined;
  beforeEach(async () => {
    tmp = await tempDir();
  });
  afterEach(async () => {
    await store?.close();
    await tmp.remove();
  });

  it('has every acknowledged record byte-exact, its queue entry, and the committed offset', async () => {
    const { appended, lastOffset } = await runAndKill(tmp.dir, 400);
    expect(appended.length).toBeGreaterThanOrEqual(400);
    expect(lastOffset).toBeGreaterThan(0);
    // The kill may have landed between a commit-log write and its queue entry: cut queue 0's index as if it had.
    const queueDir = join(tmp.dir, 'consumequeue', 'K', '0');
    const cqFiles = readdirSync(queueDir).sort();
    truncateSync(join(queueDir, cqFiles[cqFiles.length - 1]), 28 * 2);

    store = new FileStore({ dir: tmp.dir });
    await store.open();
    expect(readdirSync(join(tmp.dir, 'commitlog')).length).toBeGreaterThan(3);
    expect(store.stats().recovery.rebuiltEntries).toBeGreaterThan(0);
    for (const ack of appended) {
      const expected = killTestRequest(ack.n);
      patchOffsets(expected.record, ack.queueOffset, ack.physicalOffset);
      expect(store.readRecord(ack.physicalOffset)).toEqual(expected.record);
      const [entry] = store.readEntries('K', ack.n % 2, ack.queueOffset, 1);
      expect(entry).toEqual({
        queueOffset: ack.queueOffset,
        physicalOffset: ack.physicalOffset,
        size: expected.record.length,
        tagsCode: expected.tagsCode,
        storeTimestamp: expected.storeTimestamp,
      });
    }
    expect(store.committedOffset('g', 'K', 0)).toBeGreaterThanOrEqual(lastOffset);
    const [next] = await store.append([killTestRequest(1_000_000)]);
    expect(next.queueOffset).toBe(store.maxOffset('K', 0) - 1);
  });
});
