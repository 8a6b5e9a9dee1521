import { mkdir, readFile, rename, copyFile, open } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { LocalOffsetStorage } from '../../../core/ports/broker-port.js';
import { decodeResetOffsetBody, encodeResetOffsetBody, type QueueOffset } from '../protocol/body/reset-offset.js';
import { RemotingClientError } from './errors.js';

/** Java's default root (`rocketmq.client.localOffsetStoreDir`): `~/.rocketmq_offsets`. */
export function defaultLocalOffsetDir(): string {
  return join(homedir(), '.rocketmq_offsets');
}

/** `<root>/<clientId>/<group>/offsets.json`, as Java's `LocalFileOffsetStore`. */
export function localOffsetFile(root: string, clientId: string, group: string): string {
  return join(root, clientId, group, 'offsets.json');
}

/**
 * The file body: Java's `OffsetSerializeWrapper`, `{"offsetTable":{{mq}:offset,…}}` with fastjson MessageQueue keys —
 * the same shape as the RESET_CONSUMER_CLIENT_OFFSET body, so its codec is reused. UTF-8 bytes, ready to write.
 */
export function encodeOffsetFile(offsets: readonly QueueOffset[]): Buffer {
  return encodeResetOffsetBody(offsets);
}

/** Reads an offsets file written by this class or by the Java client (pretty-printed or not). */
export function decodeOffsetFile(text: string): QueueOffset[] {
  return decodeResetOffsetBody(text);
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new RemotingClientError('local-offsets', `cannot read ${path}: ${(error as Error).message}`, { path }, { cause: error });
  }
}

function parseFile(path: string, text: string): QueueOffset[] {
  try {
    return decodeOffsetFile(text);
  } catch (error) {
    throw new RemotingClientError('local-offsets', `${path} is not an offsets file: ${(error as Error).message}`, { path }, { cause: error });
  }
}

/** Writes `data` to `path` atomically: a synced temp file renamed over it, the previous file kept as `.bak`. */
async function writeAtomically(path: string, data: Uint8Array): Promise<void> {
  const tmp = `${path}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await backUp(path);
  await rename(tmp, path);
}

/** Copies `path` to `path.bak` when it exists (without reading it into memory first). */
async function backUp(path: string): Promise<void> {
  try {
    await copyFile(path, `${path}.bak`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** The `.bak` copy's offsets; when there is none, `mainError` (the main file's failure) is thrown, or no offsets. */
async function loadBackup(path: string, mainError?: unknown): Promise<QueueOffset[]> {
  const backup = await readIfPresent(`${path}.bak`);
  if (backup !== undefined) return parseFile(`${path}.bak`, backup);
  if (mainError !== undefined) throw mainError;
  return [];
}

/**
 * Broadcasting consumers' offsets in local files (Java `LocalFileOffsetStore`): one `offsets.json` per client id and
 * group under `root`, written atomically; loading falls back to the `.bak` copy when the main file is missing or
 * unreadable, and to no offsets when neither exists.
 */
export function createLocalOffsetStorage(root: string = defaultLocalOffsetDir()): LocalOffsetStorage {
  return {
    async load(clientId, group) {
      const path = localOffsetFile(root, clientId, group);
      const main = await readIfPresent(path);
      if (main === undefined) return loadBackup(path);
      try {
        return parseFile(path, main);
      } catch (error) {
        return loadBackup(path, error);
      }
    },
    async save(clientId, group, offsets) {
      const path = localOffsetFile(root, clientId, group);
      try {
        await mkdir(join(root, clientId, group), { recursive: true });
        await writeAtomically(path, encodeOffsetFile(offsets));
      } catch (error) {
        if (error instanceof RemotingClientError) throw error;
        throw new RemotingClientError('local-offsets', `cannot write ${path}: ${(error as Error).message}`, { path }, { cause: error });
      }
    },
  };
}
