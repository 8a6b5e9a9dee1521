import { closeSync, constants, fdatasyncSync, fstatSync, ftruncateSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from './atomic-file.js';
import { fdatasyncAsync, io } from './fs-io.js';
import { GroupRunner } from './group-runner.js';
import { readJsonFile } from './json-file.js';
import { OffsetTable } from './offset-table.js';
import { StoreError } from './store-error.js';

type Row = [group: string, topic: string, queueId: number, offset: number];

function isRow(v: unknown): v is Row {
  return (
    Array.isArray(v) &&
    v.length === 4 &&
    typeof v[0] === 'string' &&
    typeof v[1] === 'string' &&
    Number.isInteger(v[2]) &&
    Number.isSafeInteger(v[3])
  );
}

/** Parses one journal line; undefined when it is not a row (a torn write). */
function parseLine(line: string): Row | undefined {
  if (!line.startsWith('[')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
  return isRow(value) ? value : undefined;
}

/**
 * Durable consumer offsets: every commit appends a JSON line to `journal` and resolves after an fdatasync that
 * started after the write (group commit). On open the snapshot plus the journal are replayed, then compacted into
 * a new snapshot (temp + fsync + rename + fsync dir) and the journal is emptied; likewise on close and whenever the
 * journal passes `compactBytes`. Replay stops at the first line that is not a whole row: everything from there on
 * was never acknowledged (an acknowledged line was fsynced together with every byte before it).
 */
export class OffsetJournal {
  readonly table = new OffsetTable();
  private fd = -1;
  private position = 0;
  private readonly runner = new GroupRunner(() => fdatasyncAsync(this.journalPath, this.fd));

  constructor(
    private readonly dir: string,
    private readonly compactBytes: number,
  ) {}

  private get journalPath(): string {
    return join(this.dir, 'journal');
  }

  private get snapshotPath(): string {
    return join(this.dir, 'snapshot.json');
  }

  /** Loads snapshot + journal and compacts them. */
  open(): void {
    io('mkdir', this.dir, () => mkdirSync(this.dir, { recursive: true }));
    this.fd = io('open', this.journalPath, () => openSync(this.journalPath, constants.O_RDWR | constants.O_CREAT, 0o644));
    this.loadSnapshot();
    this.replay();
    this.compact();
  }

  /** Records an offset; resolves once it is durable. */
  commit(group: string, topic: string, queueId: number, offset: number): Promise<void> {
    this.table.set(group, topic, queueId, offset);
    const line = Buffer.from(`${JSON.stringify([group, topic, queueId, offset])}\n`);
    let done = 0;
    while (done < line.length) {
      done += io('write', this.journalPath, () => writeSync(this.fd, line, done, line.length - done, this.position + done));
    }
    this.position += line.length;
    if (this.position >= this.compactBytes) this.compact();
    return this.runner.run();
  }

  /** Waits for syncs in flight, compacts, and closes the journal. */
  async close(): Promise<void> {
    if (this.fd < 0) return;
    await this.runner.idle();
    try {
      this.compact();
    } finally {
      this.dispose();
    }
  }

  /** Closes the journal without compacting (a failed open). */
  dispose(): void {
    if (this.fd < 0) return;
    const fd = this.fd;
    this.fd = -1;
    io('close', this.journalPath, () => closeSync(fd));
  }

  private loadSnapshot(): void {
    const data = readJsonFile(this.snapshotPath);
    if (data === undefined) return;
    const rows = (data as { offsets?: unknown }).offsets;
    if (!Array.isArray(rows) || !rows.every(isRow)) {
      throw new StoreError('store-corrupt', 'offset snapshot has an unexpected shape', { path: this.snapshotPath });
    }
    for (const [g, t, q, o] of rows) this.table.set(g, t, q, o);
  }

  private replay(): void {
    const size = io('fstat', this.journalPath, () => fstatSync(this.fd).size);
    const buf = Buffer.alloc(size);
    let done = 0;
    while (done < size) {
      const n = io('read', this.journalPath, () => readSync(this.fd, buf, done, size - done, done));
      if (n === 0) break;
      done += n;
    }
    const lines = buf.subarray(0, done).toString('utf8').split('\n');
    lines.pop();
    for (const line of lines) {
      const row = parseLine(line);
      if (!row) break;
      this.table.set(...row);
    }
  }

  private compact(): void {
    const offsets = this.table.rows().map((r): Row => [r.group, r.topic, r.queueId, r.offset]);
    writeFileAtomicSync(this.snapshotPath, JSON.stringify({ offsets }));
    io('ftruncate', this.journalPath, () => ftruncateSync(this.fd, 0));
    io('fdatasync', this.journalPath, () => fdatasyncSync(this.fd));
    this.position = 0;
  }
}
