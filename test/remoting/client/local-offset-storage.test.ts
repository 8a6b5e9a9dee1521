/** Broadcasting offsets in local files (Java LocalFileOffsetStore layout and format), written atomically. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalOffsetStorage, createRemotingClient, decodeOffsetFile, localOffsetFile } from '../../../adapters/remoting/client/index.js';

const q = (queueId: number, topic = 'T') => ({ topic, brokerName: 'broker-a', queueId });

describe('local offset storage', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'rmq-offsets-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('keeps one offsets.json per client id and group, in Java\'s path layout, and reads it back', async () => {
    const storage = createLocalOffsetStorage(root);
    await storage.save('10.0.0.1@1#2', 'G', [{ queue: q(0), offset: 12 }, { queue: q(1), offset: 40 }]);
    const path = join(root, '10.0.0.1@1#2', 'G', 'offsets.json');
    expect(localOffsetFile(root, '10.0.0.1@1#2', 'G')).toBe(path);
    expect(readFileSync(path, 'utf8')).toBe('{"offsetTable":{{"brokerName":"broker-a","queueId":0,"topic":"T"}:12,{"brokerName":"broker-a","queueId":1,"topic":"T"}:40}}');
    expect(await storage.load('10.0.0.1@1#2', 'G')).toEqual([{ queue: q(0), offset: 12 }, { queue: q(1), offset: 40 }]);
    expect(await storage.load('10.0.0.1@1#2', 'other')).toEqual([]);
  });

  it('reads the pretty-printed file a Java client writes', () => {
    const java = '{\n\t"offsetTable":{{\n\t\t\t"brokerName":"broker-a",\n\t\t\t"queueId":3,\n\t\t\t"topic":"T"\n\t\t}:7\n\t}\n}';
    expect(decodeOffsetFile(java)).toEqual([{ queue: q(3), offset: 7 }]);
  });

  it('replaces the file atomically, keeping the previous one as .bak, and falls back to it when the main file is corrupt', async () => {
    const storage = createLocalOffsetStorage(root);
    await storage.save('c', 'G', [{ queue: q(0), offset: 1 }]);
    await storage.save('c', 'G', [{ queue: q(0), offset: 2 }]);
    const path = localOffsetFile(root, 'c', 'G');
    expect(existsSync(`${path}.tmp`)).toBe(false);
    expect(decodeOffsetFile(readFileSync(`${path}.bak`, 'utf8'))).toEqual([{ queue: q(0), offset: 1 }]);
    writeFileSync(path, '{"offsetTable":{{"brokerName"');
    expect(await storage.load('c', 'G')).toEqual([{ queue: q(0), offset: 1 }]);
  });

  it('a corrupt file without a backup is a typed error naming the file', async () => {
    mkdirSync(join(root, 'c', 'G'), { recursive: true });
    writeFileSync(localOffsetFile(root, 'c', 'G'), 'not json');
    await expect(createLocalOffsetStorage(root).load('c', 'G')).rejects.toMatchObject({ kind: 'local-offsets', context: { path: localOffsetFile(root, 'c', 'G') } });
  });

  it('an unwritable root is a typed error, not a crash', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    await expect(createLocalOffsetStorage(file).save('c', 'G', [])).rejects.toMatchObject({ kind: 'local-offsets' });
  });

  it('the client exposes it under localOffsetDir', async () => {
    const client = createRemotingClient({ nameServers: ['127.0.0.1:9876'], localOffsetDir: root, clientIp: '10.9.9.9', unitName: 'u1' });
    await client.localOffsets.save('id', 'G', [{ queue: q(5), offset: 9 }]);
    expect(existsSync(localOffsetFile(root, 'id', 'G'))).toBe(true);
    expect([client.clientIp, client.unitName]).toEqual(['10.9.9.9', 'u1']);
    await client.close();
  });
});
