import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { open, rename } from 'node:fs/promises';
import { io, ioAsync } from './fs-io.js';

/**
 * fsyncs a directory so that a rename or a newly created file in it is durable. Windows cannot open a directory
 * for fsync (NTFS journals its metadata), so there it does nothing.
 */
export function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = io('open', dir, () => openSync(dir, 'r'));
  try {
    io('fsync', dir, () => fsyncSync(fd));
  } finally {
    io('close', dir, () => closeSync(fd));
  }
}

/**
 * Replaces `path` atomically: write `<path>.tmp`, fsync it, rename over `path`, fsync the directory. A crash
 * leaves either the old or the new content, never a mix. Synchronous: meant for small files (configs, snapshots).
 */
export function writeFileAtomicSync(path: string, data: string | Buffer): void {
  const tmp = `${path}.tmp`;
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  const fd = io('open', tmp, () => openSync(tmp, 'w', 0o644));
  try {
    let done = 0;
    while (done < bytes.length) done += io('write', tmp, () => writeSync(fd, bytes, done, bytes.length - done, done));
    io('fsync', tmp, () => fsyncSync(fd));
  } finally {
    io('close', tmp, () => closeSync(fd));
  }
  io('rename', path, () => renameSync(tmp, path));
  fsyncDir(dirname(path));
}

/** Async twin of `writeFileAtomicSync` (the event loop keeps running during the fsyncs). One writer per path. */
export async function writeFileAtomic(path: string, data: string | Buffer): Promise<void> {
  const tmp = `${path}.tmp`;
  const file = await ioAsync('open', tmp, () => open(tmp, 'w', 0o644));
  try {
    await ioAsync('write', tmp, () => file.writeFile(data));
    await ioAsync('fsync', tmp, () => file.sync());
  } finally {
    await ioAsync('close', tmp, () => file.close());
  }
  await ioAsync('rename', path, () => rename(tmp, path));
  await syncDirectory(dirname(path));
}

/** Async twin of `fsyncDir`. */
export async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await ioAsync('open', dir, () => open(dir, 'r'));
  try {
    await ioAsync('fsync', dir, () => handle.sync());
  } finally {
    await ioAsync('close', dir, () => handle.close());
  }
}
