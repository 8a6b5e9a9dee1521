import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { syncDirectory } from './atomic-file.js';
import { ConsumeQueue } from './consume-queue.js';
import type { FdPool } from './fd-pool.js';
import { asIoError, fdatasyncAsync, hasCode } from './fs-io.js';
import { decodeTopicDir, type StoreLayout } from './store-layout.js';

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    if (hasCode(error, 'ENOENT')) return [];
    throw asIoError('readdir', dir, error);
  }
}

/**
 * Every consume queue of the store, keyed by topic and queue id, plus the set of files written since the last
 * `sync()` (so the flusher can fdatasync them and then advance the checkpoint).
 */
export class ConsumeQueueSet {
  private readonly topics = new Map<string, Map<number, ConsumeQueue>>();
  private readonly dirtyFiles = new Set<string>();
  private readonly dirtyDirs = new Set<string>();

  constructor(
    private readonly layout: StoreLayout,
    private readonly entriesPerFile: number,
    private readonly pool: FdPool,
  ) {}

  /** Loads every queue found under the consume-queue directory (unknown names are ignored). */
  loadAll(): void {
    const root = this.layout.consumeQueueDir;
    for (const topicDir of listDir(root)) {
      const topic = decodeTopicDir(topicDir);
      if (topic === undefined) continue;
      for (const queueDir of listDir(join(root, topicDir))) {
        if (!/^(0|[1-9]\d{0,9})$/.test(queueDir)) continue;
        this.queue(topic, Number(queueDir)).load();
      }
    }
  }

  get(topic: string, queueId: number): ConsumeQueue | undefined {
    return this.topics.get(topic)?.get(queueId);
  }

  /** The queue, created (in memory; files on first write) when missing. */
  getOrCreate(topic: string, queueId: number): ConsumeQueue {
    return this.queue(topic, queueId);
  }

  all(): ConsumeQueue[] {
    return [...this.topics.values()].flatMap((qs) => [...qs.values()]);
  }

  /** topic → max queue id + 1, over queues that hold or held entries. */
  counts(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [topic, qs] of this.topics) {
      let n = 0;
      for (const [id, q] of qs) if (q.maxOffset > 0) n = Math.max(n, id + 1);
      if (n > 0) out.set(topic, n);
    }
    return out;
  }

  /** True when a queue file was written since the last `sync()`. */
  get dirty(): boolean {
    return this.dirtyFiles.size > 0 || this.dirtyDirs.size > 0;
  }

  /** fdatasyncs the queue files written since the last call, then the directories that gained files. */
  async sync(): Promise<void> {
    const files = [...this.dirtyFiles];
    const dirs = [...this.dirtyDirs].sort((a, b) => b.length - a.length);
    this.dirtyFiles.clear();
    this.dirtyDirs.clear();
    for (const path of files) {
      const lease = this.pool.pin(path);
      try {
        await fdatasyncAsync(path, lease.fd);
      } finally {
        lease.release();
      }
    }
    for (const dir of dirs) await syncDirectory(dir);
  }

  private queue(topic: string, queueId: number): ConsumeQueue {
    let qs = this.topics.get(topic);
    if (!qs) this.topics.set(topic, (qs = new Map()));
    let q = qs.get(queueId);
    if (!q) {
      q = new ConsumeQueue(this.layout.queueDir(topic, queueId), this.entriesPerFile, this.pool, (path, isNew) => this.written(path, isNew));
      qs.set(queueId, q);
    }
    return q;
  }

  private written(path: string, isNew: boolean): void {
    this.dirtyFiles.add(path);
    if (!isNew) return;
    const queueDir = dirname(path);
    this.dirtyDirs.add(queueDir);
    this.dirtyDirs.add(dirname(queueDir));
    this.dirtyDirs.add(dirname(dirname(queueDir)));
    this.dirtyDirs.add(dirname(dirname(dirname(queueDir))));
  }
}
