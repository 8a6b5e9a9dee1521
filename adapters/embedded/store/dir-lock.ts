import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { asIoError, hasCode, io } from './fs-io.js';
import { StoreError } from './store-error.js';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return hasCode(error, 'EPERM');
  }
}

/**
 * Takes the lock file of a data directory: created exclusively with this process's pid. A lock left by a process
 * that no longer runs (e.g. after `kill -9`) is taken over; a lock held by this process or another live process
 * fails with `store-locked`. Returns the function that releases it.
 */
export function acquireDirLock(path: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      try {
        io('write', path, () => writeSync(fd, String(process.pid)));
      } finally {
        io('close', path, () => closeSync(fd));
      }
      return () => io('unlink', path, () => unlinkSync(path));
    } catch (error) {
      if (!hasCode(error, 'EEXIST')) throw asIoError('open', path, error);
      const owner = Number.parseInt(io('read', path, () => readFileSync(path, 'utf8')), 10);
      if (Number.isInteger(owner) && owner > 0 && processAlive(owner)) {
        throw new StoreError('store-locked', `data directory is in use by process ${owner}`, { path, pid: owner });
      }
      io('unlink', path, () => unlinkSync(path));
    }
  }
  throw new StoreError('store-locked', 'could not take the data directory lock', { path });
}
