import { join } from 'node:path';

/** Zero-padded 20-digit file name of a segment that starts at `offset` (as RocketMQ names them). */
export function segmentName(offset: number): string {
  return String(offset).padStart(20, '0');
}

/** The start offset of a segment file name, or undefined for any other name. */
export function parseSegmentName(name: string): number | undefined {
  if (!/^\d{20}$/.test(name)) return undefined;
  const value = Number(name);
  return Number.isSafeInteger(value) ? value : undefined;
}

/**
 * A topic as a directory name: ASCII letters, digits, `_` and `-` stay; every other UTF-8 byte becomes `%XX`
 * (so `%RETRY%g` → `%25RETRY%25g`). Injective, portable (no `|` on Windows), never `.` or `..`.
 */
export function encodeTopicDir(topic: string): string {
  let out = '';
  for (const byte of Buffer.from(topic, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9_-]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Inverse of `encodeTopicDir`; undefined for a name it could not have produced. */
export function decodeTopicDir(name: string): string | undefined {
  if (!/^(?:[A-Za-z0-9_-]|%[0-9A-F]{2})+$/.test(name)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < name.length; i++) {
    if (name[i] === '%') {
      bytes.push(Number.parseInt(name.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(name.charCodeAt(i));
    }
  }
  const topic = Buffer.from(bytes).toString('utf8');
  return encodeTopicDir(topic) === name ? topic : undefined;
}

/** Where everything lives under a data directory. */
export class StoreLayout {
  constructor(readonly root: string) {}

  get lockFile(): string {
    return join(this.root, 'lock');
  }
  get metaFile(): string {
    return join(this.root, 'store.json');
  }
  get checkpointFile(): string {
    return join(this.root, 'checkpoint.json');
  }
  get commitLogDir(): string {
    return join(this.root, 'commitlog');
  }
  get consumeQueueDir(): string {
    return join(this.root, 'consumequeue');
  }
  get offsetsDir(): string {
    return join(this.root, 'offsets');
  }
  get configDir(): string {
    return join(this.root, 'config');
  }
  get topicsFile(): string {
    return join(this.configDir, 'topics.json');
  }
  get stateFile(): string {
    return join(this.configDir, 'state.json');
  }

  queueDir(topic: string, queueId: number): string {
    return join(this.consumeQueueDir, encodeTopicDir(topic), String(queueId));
  }
}
