import { mkdirSync } from 'node:fs';
import { io } from './fs-io.js';
import { JsonFile, readJsonFile } from './json-file.js';
import type { TopicConfigRecord } from './message-store.js';
import type { StoreLayout } from './store-layout.js';
import { StoreError } from './store-error.js';

function isTopicConfig(v: unknown): v is TopicConfigRecord {
  const c = v as TopicConfigRecord | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.topicName === 'string' &&
    Number.isInteger(c.readQueueNums) &&
    Number.isInteger(c.writeQueueNums) &&
    Number.isInteger(c.perm) &&
    Number.isInteger(c.topicSysFlag) &&
    typeof c.order === 'boolean'
  );
}

function isPair(v: unknown): v is [string, string] {
  return Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string';
}

/**
 * Topic configurations and engine state, each a small JSON file (`config/topics.json`, `config/state.json`)
 * rewritten atomically as a whole on every change; concurrent changes share one rewrite.
 */
export class ConfigFiles {
  readonly topics = new Map<string, TopicConfigRecord>();
  readonly state = new Map<string, string>();
  private readonly topicsFile: JsonFile;
  private readonly stateFile: JsonFile;

  constructor(private readonly layout: StoreLayout) {
    this.topicsFile = new JsonFile(layout.topicsFile, () => [...this.topics.values()]);
    this.stateFile = new JsonFile(layout.stateFile, () => [...this.state.entries()]);
  }

  load(): void {
    io('mkdir', this.layout.configDir, () => mkdirSync(this.layout.configDir, { recursive: true }));
    const topics = readJsonFile(this.layout.topicsFile) ?? [];
    if (!Array.isArray(topics) || !topics.every(isTopicConfig)) {
      throw new StoreError('store-corrupt', 'topic configs have an unexpected shape', { path: this.layout.topicsFile });
    }
    for (const t of topics) this.topics.set(t.topicName, { ...t });
    const state = readJsonFile(this.layout.stateFile) ?? [];
    if (!Array.isArray(state) || !state.every(isPair)) {
      throw new StoreError('store-corrupt', 'state file has an unexpected shape', { path: this.layout.stateFile });
    }
    for (const [k, v] of state) this.state.set(k, v);
  }

  putTopic(config: TopicConfigRecord): Promise<void> {
    this.topics.set(config.topicName, { ...config });
    return this.topicsFile.save();
  }

  deleteTopic(topic: string): Promise<void> {
    if (!this.topics.delete(topic)) return Promise.resolve();
    return this.topicsFile.save();
  }

  putState(key: string, value: string): Promise<void> {
    this.state.set(key, value);
    return this.stateFile.save();
  }

  /** Waits for rewrites in flight. */
  async idle(): Promise<void> {
    await Promise.all([this.topicsFile.idle(), this.stateFile.idle()]);
  }
}
