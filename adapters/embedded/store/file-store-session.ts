import { mkdirSync } from 'node:fs';
import { writeFileAtomic } from './atomic-file.js';
import { CommitLog } from './commit-log.js';
import { ConfigFiles } from './config-files.js';
import { ConsumeQueueSet } from './consume-queue-set.js';
import { acquireDirLock } from './dir-lock.js';
import { FdPool } from './fd-pool.js';
import { loadOrCreateMeta, readCheckpoint, type ResolvedFileStoreOptions, type StoreMeta } from './file-store-options.js';
import { Flusher } from './flusher.js';
import { io } from './fs-io.js';
import { GroupRunner } from './group-runner.js';
import { OffsetJournal } from './offset-journal.js';
import { recover, type RecoveryResult } from './recovery.js';
import { StoreLayout } from './store-layout.js';

/**
 * Everything a file store holds while it is open: the lock, the descriptors, the commit log, the queues, the
 * offset journal, the config files, the group-commit runner and the background flusher. `openSession` builds and
 * recovers it; `closeSession` flushes and releases all of it.
 */
export interface FileStoreSession {
  readonly layout: StoreLayout;
  readonly meta: StoreMeta;
  readonly pool: FdPool;
  readonly log: CommitLog;
  readonly queues: ConsumeQueueSet;
  readonly journal: OffsetJournal;
  readonly configs: ConfigFiles;
  /** Group commit of the commit log (fdatasync of what was written before each run started). */
  readonly logSync: GroupRunner;
  readonly flusher: Flusher;
  readonly recovery: RecoveryResult;
  /** Physical offset recorded in the checkpoint file. */
  checkpointed: number | undefined;
  readonly release: () => void;
}

/** Makes the commit log, the queues up to its current end, and then the checkpoint durable. */
export async function flushSession(s: FileStoreSession): Promise<void> {
  const position = s.log.writePosition;
  await s.logSync.run();
  await s.queues.sync();
  if (position === s.checkpointed) return;
  await writeFileAtomic(s.layout.checkpointFile, JSON.stringify({ dispatched: position }));
  s.checkpointed = position;
}

/** Locks, loads and recovers a data directory. `onFlushError` receives failures of the background flush. */
export async function openSession(options: ResolvedFileStoreOptions, onFlushError: (e: unknown) => void): Promise<FileStoreSession> {
  const layout = new StoreLayout(options.dir);
  for (const dir of [layout.commitLogDir, layout.consumeQueueDir, layout.offsetsDir, layout.configDir]) {
    io('mkdir', dir, () => mkdirSync(dir, { recursive: true }));
  }
  const release = acquireDirLock(layout.lockFile);
  const pool = new FdPool(options.maxOpenFiles);
  const journal = new OffsetJournal(layout.offsetsDir, options.offsetJournalBytes);
  try {
    const meta = loadOrCreateMeta(layout.metaFile, options);
    const configs = new ConfigFiles(layout);
    configs.load();
    journal.open();
    const queues = new ConsumeQueueSet(layout, meta.queueFileEntries, pool);
    const checkpointed = readCheckpoint(layout.checkpointFile);
    const recovery = recover({
      commitLogDir: layout.commitLogDir,
      segmentSize: meta.segmentSize,
      pool,
      queues,
      checkpoint: checkpointed,
      tagsCodeOf: options.tagsCodeOf,
    });
    const log = new CommitLog({ dir: layout.commitLogDir, segmentSize: meta.segmentSize, pool, readCacheBytes: options.readCacheBytes }, recovery.segments, recovery.end);
    const logSync = new GroupRunner(() => log.sync());
    const session: FileStoreSession = {
      layout, meta, pool, log, queues, journal, configs, logSync, recovery, checkpointed, release,
      flusher: new Flusher(options.flushIntervalMs, () => flushSession(session), onFlushError),
    };
    await flushSession(session);
    session.flusher.start();
    return session;
  } catch (error) {
    journal.dispose();
    pool.closeAll();
    release();
    throw error;
  }
}

/** Stops the flusher, waits for writes in flight, flushes (unless the store failed), and releases everything. */
export async function closeSession(s: FileStoreSession, failed: boolean): Promise<void> {
  try {
    await s.flusher.stop();
    await s.configs.idle();
    await s.logSync.idle();
    if (!failed) await flushSession(s);
    await s.journal.close();
  } finally {
    s.journal.dispose();
    s.log.dispose();
    try {
      s.pool.closeAll();
    } finally {
      s.release();
    }
  }
}
