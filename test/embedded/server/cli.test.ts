import { afterEach, describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../../adapters/embedded/args.js';
import { ResponseCode } from '../../../adapters/remoting/protocol/codes.js';
import { runCli, stop, type CliProcess } from './cli-process.js';
import { client, Resources, sendV2 } from './helpers.js';

const resources = new Resources();
afterEach(() => resources.closeAll());

const LISTENING = /^rocketmq-rx broker listening on (\S+)$/;

describe('parseArgs', () => {
  it('takes the defaults and every flag, in both --flag value and --flag=value forms', () => {
    expect(parseArgs(['broker'])).toEqual({ command: 'broker', host: '127.0.0.1', port: 9876, dataDir: undefined, queues: 4, brokers: 1, flush: 'async' });
    expect(parseArgs(['broker', '--port', '0', '--host=::1', '--data-dir', '/tmp/x', '--queues=8', '--brokers', '3', '--flush', 'sync'])).toEqual({
      command: 'broker', host: '::1', port: 0, dataDir: '/tmp/x', queues: 8, brokers: 3, flush: 'sync',
    });
    expect(parseArgs([])).toEqual({ command: 'help' });
    expect(parseArgs(['broker', '--help'])).toEqual({ command: 'help' });
  });

  it.each([
    [['serve'], 'command'],
    [['broker', '--prot', '1'], '--prot'],
    [['broker', '--port'], '--port'],
    [['broker', '--port', '--host', 'x'], '--port'],
    [['broker', '--port', '65536'], '--port'],
    [['broker', '--port', '-1'], '--port'],
    [['broker', '--queues', 'many'], '--queues'],
    [['broker', '--brokers', '0'], '--brokers'],
    [['broker', '--flush', 'always'], '--flush'],
    [['broker', '--host', 'a', '--host', 'b'], '--host'],
    [['broker', 'extra'], 'extra'],
  ])('%j is a usage error naming %s', (argv, flag) => {
    let error: unknown;
    try {
      parseArgs(argv);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect(error).toMatchObject({ kind: 'usage', context: { flag } });
    expect((error as Error).message).toContain(flag === 'command' ? 'serve' : flag);
  });
});

describe('rocketmq-rx broker (child process)', () => {
  let proc: CliProcess | undefined;
  afterEach(async () => {
    if (proc !== undefined) await stop(proc);
    proc = undefined;
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('prints its address, serves clients, and exits 0 after %s', async (signal) => {
    proc = runCli(['broker', '--port', '0', '--queues', '2']);
    const [, address] = await proc.line(LISTENING);
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    await proc.line(/^data dir: none/);
    const c = await client(resources, address!);
    const res = await c.call(sendV2({ topic: 'CliTopic' }));
    expect(res.code).toBe(ResponseCode.SUCCESS);
    proc.child.kill(signal);
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    expect(proc.stdout).toContain('rocketmq-rx broker stopped');
  });

  it('exits 2 with a message naming the bad flag', async () => {
    proc = runCli(['broker', '--port', 'nine']);
    expect(await proc.exited).toEqual({ code: 2, signal: null });
    expect(proc.stderr()).toContain('--port');
    expect(proc.stderr()).toContain('Usage: rocketmq-rx broker');
  });
});
