import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from './atomic-file.js';
import { io } from './fs-io.js';
import { GroupRunner } from './group-runner.js';
import { StoreError } from './store-error.js';

/** Reads and parses a JSON file; `undefined` when it does not exist; `store-corrupt` when it does not parse. */
export function readJsonFile(path: string): unknown {
  if (!existsSync(path)) return undefined;
  const text = io('read', path, () => readFileSync(path, 'utf8'));
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new StoreError('store-corrupt', `${path} is not valid JSON`, { path }, { cause: error });
  }
}

/**
 * A small JSON file rewritten atomically from a snapshot function. Saves coalesce: `save()` resolves once a write
 * that started after the call (so it holds the caller's change) is durable.
 */
export class JsonFile {
  private readonly runner: GroupRunner;

  constructor(
    readonly path: string,
    snapshot: () => unknown,
  ) {
    this.runner = new GroupRunner(() => writeFileAtomic(path, JSON.stringify(snapshot())));
  }

  save(): Promise<void> {
    return this.runner.run();
  }

  /** Waits for writes in flight. */
  idle(): Promise<void> {
    return this.runner.idle();
  }
}
