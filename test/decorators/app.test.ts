import 'reflect-metadata';
import { Container, injectable } from 'inversify';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import {
  AppError,
  Consumer,
  createRocketMQApp,
  createRocketMQModule,
  installShutdownHooks,
  Producer,
  silentLogger,
  type AppEvent,
  type RocketMQAdapters,
  type RocketMQModuleOptions,
  type SignalSource,
} from '../../decorators/index.js';
import type { RemotingPort } from '../../core/ports/broker-port.js';

@injectable()
@Consumer('UnitTopic', '*', { group: 'unit-group' })
class UnitConsumer {
  onMessage(): void {}
}

@injectable()
@Producer({ topic: 'UnitTopic' })
class UnitProducer {}

function appOf(classes: (new () => object)[], options: RocketMQModuleOptions, adapters: RocketMQAdapters) {
  const c = new Container();
  for (const cls of classes) c.bind(cls).toSelf().inSingletonScope();
  c.loadSync(createRocketMQModule({ logger: silentLogger, ...options }, adapters));
  return createRocketMQApp(c);
}

const refusingPort = (): RemotingPort => {
  throw new Error('no network in unit tests');
};

describe('module options', () => {
  it('are checked when the module is created', () => {
    const adapters = { portFactory: refusingPort };
    expect(() => createRocketMQModule({}, adapters)).toThrow(/nameServer .* or embedded: true/);
    expect(() => createRocketMQModule({ nameServer: '127.0.0.1:9876', embedded: true }, adapters)).toThrow(/not both/);
    expect(() => createRocketMQModule({ nameServer: 'nonsense' }, adapters)).toThrow(AppError);
    expect(() => createRocketMQModule({ nameServer: '127.0.0.1:9876', namespace: 'bad ns' }, adapters)).toThrow(/namespace/);
    expect(() => createRocketMQModule({ embedded: true, autoCreateTopics: { queues: 0 } }, adapters)).toThrow(/queues/);
    expect(() => createRocketMQModule({ nameServer: ['127.0.0.1:9876', '127.0.0.1:9877'] }, adapters)).not.toThrow();
  });

  it('createRocketMQApp needs the module', () => {
    expect(() => createRocketMQApp(new Container())).toThrow(expect.objectContaining({ kind: 'module-not-loaded' }));
  });

  it('include names classes that must be bound', () => {
    const c = new Container();
    c.loadSync(createRocketMQModule({ nameServer: '127.0.0.1:9876', include: [UnitConsumer] }, { portFactory: refusingPort }));
    expect(() => createRocketMQApp(c)).toThrow(expect.objectContaining({ kind: 'not-bound' }));
  });
});

describe('app lifecycle', () => {
  it('a failed start stops what had started (the embedded broker), reports it and ends in stopped', async () => {
    let closed = 0;
    const adapters: RocketMQAdapters = {
      portFactory: refusingPort,
      startBroker: async (options) => {
        expect(options).toMatchObject({ host: '127.0.0.1', port: 0, engine: { x: 1 } });
        return { address: '127.0.0.1:1', close: async () => void (closed += 1) };
      },
    };
    const app = appOf([UnitConsumer, UnitProducer], { embedded: { engine: { x: 1 } } }, adapters);
    const events = lastValueFrom(app.events$.pipe(toArray()));
    const ready = firstValueFrom(app.ready$);
    const failure = app.start();
    expect(app.state).toBe('starting');
    await expect(failure).rejects.toMatchObject({ kind: 'start-failed' });
    await expect(ready).rejects.toMatchObject({ kind: 'start-failed' });
    expect(closed).toBe(1);
    expect(app.state).toBe('stopped');
    expect((await events).map((e: AppEvent) => e.type)).toEqual(['starting', 'broker-started', 'start-failed']);
    await expect(app.start()).rejects.toMatchObject({ kind: 'app-stopped' });
    await app.stop();
  });

  it('embedded without a broker starter is a configuration error', async () => {
    const app = appOf([], { embedded: true }, { portFactory: refusingPort });
    await expect(app.start()).rejects.toMatchObject({ kind: 'start-failed', cause: expect.objectContaining({ kind: 'invalid-module-options' }) });
  });

  it('an app with nothing to wire starts and stops without touching the network; start and stop are idempotent', async () => {
    const app = appOf([], { nameServer: '127.0.0.1:9876' }, { portFactory: refusingPort });
    const [a, b] = [app.start(), app.start()];
    expect(a).toBe(b);
    await a;
    expect(app.state).toBe('running');
    expect(await firstValueFrom(app.ready$)).toEqual({ nameServer: '127.0.0.1:9876' });
    const [s1, s2] = [app.stop(), app.stop()];
    expect(s1).toBe(s2);
    await s1;
    expect(app.state).toBe('stopped');
  });

  it('stop before start completes the streams', async () => {
    const app = appOf([], { nameServer: '127.0.0.1:9876' }, { portFactory: refusingPort });
    const events = lastValueFrom(app.events$.pipe(toArray()));
    await app.stop();
    expect(await events).toEqual([]);
    expect(app.state).toBe('stopped');
  });

  it('producer(cls) gives the bound producer of a @Producer class, and refuses other classes', () => {
    const app = appOf([UnitProducer], { nameServer: '127.0.0.1:9876' }, { portFactory: refusingPort });
    expect(app.producer(UnitProducer)).toMatchObject({ owner: 'UnitProducer', group: 'UnitProducer', defaultTopic: 'UnitTopic', ready: false });
    expect(() => app.producer(UnitConsumer)).toThrow(expect.objectContaining({ kind: 'not-bound' }));
  });
});

describe('shutdown hooks', () => {
  function fakeProcess() {
    const listeners = new Map<string, () => void>();
    const kills: string[] = [];
    const source: SignalSource = {
      pid: 42,
      once: (s, l) => listeners.set(s, l),
      off: (s, l) => {
        if (listeners.get(s) === l) listeners.delete(s);
      },
      kill: (pid, s) => kills.push(`${pid}:${s}`),
    };
    return { source, listeners, kills };
  }

  it('stop on the first signal, remove every hook, then re-raise the signal', async () => {
    const p = fakeProcess();
    let stops = 0;
    let finish = () => undefined as void;
    installShutdownHooks(() => new Promise<void>((resolve) => ((stops += 1), (finish = resolve))), { source: p.source });
    expect([...p.listeners.keys()]).toEqual(['SIGINT', 'SIGTERM']);
    p.listeners.get('SIGTERM')!();
    expect(stops).toBe(1);
    expect(p.listeners.size).toBe(0);
    expect(p.kills).toEqual([]);
    finish();
    await Promise.resolve();
    await Promise.resolve();
    expect(p.kills).toEqual(['42:SIGTERM']);
  });

  /** A fake process whose re-raised signal settles `killed`. */
  function awaitedProcess() {
    const p = fakeProcess();
    let killed = (_: string) => undefined as void;
    const kill = new Promise<string>((resolve) => (killed = resolve));
    const source: SignalSource = { ...p.source, kill: (pid, s) => killed(`${pid}:${s}`) };
    return { source, listeners: p.listeners, kill };
  }

  it('a stop that rejects or throws is reported with its signal, and the signal is still re-raised', async () => {
    const failures: string[] = [];
    const onStopFailed = (e: unknown, s: NodeJS.Signals) => void failures.push(`${s}:${(e as Error).message}`);
    const p = awaitedProcess();
    let reject = (_: Error) => undefined as void;
    installShutdownHooks(() => new Promise<void>((_, r) => (reject = r)), { source: p.source, onStopFailed });
    p.listeners.get('SIGINT')!();
    reject(new Error('broker stuck'));
    expect(await p.kill).toBe('42:SIGINT');
    expect(failures).toEqual(['SIGINT:broker stuck']);

    const q = awaitedProcess();
    const throwing = (): Promise<void> => {
      throw new Error('sync');
    };
    installShutdownHooks(throwing, { source: q.source, onStopFailed });
    q.listeners.get('SIGTERM')!();
    expect(await q.kill).toBe('42:SIGTERM');
    expect(failures).toEqual(['SIGINT:broker stuck', 'SIGTERM:sync']);
  });

  it('by default a failed stop is an error line on the console', async () => {
    const p = awaitedProcess();
    let logged = (_: unknown[]) => undefined as void;
    const line = new Promise<unknown[]>((resolve) => (logged = resolve));
    const errors = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => logged(args));
    try {
      installShutdownHooks(() => Promise.reject(new Error('boom')), { source: p.source, signals: ['SIGINT'] });
      p.listeners.get('SIGINT')!();
      const [text, context] = await line;
      expect(text).toBe('[rocketmq-rx] error stopping on SIGINT failed');
      expect(context).toEqual({ error: new Error('boom') });
      expect(await p.kill).toBe('42:SIGINT');
      expect(errors).toHaveBeenCalledTimes(1);
    } finally {
      errors.mockRestore();
    }
  });

  it('app.enableShutdownHooks is opt-in and app.stop() removes the hooks', async () => {
    const p = fakeProcess();
    const app = appOf([], { nameServer: '127.0.0.1:9876' }, { portFactory: refusingPort });
    expect(p.listeners.size).toBe(0);
    app.enableShutdownHooks({ source: p.source, signals: ['SIGINT'] });
    expect([...p.listeners.keys()]).toEqual(['SIGINT']);
    await app.start();
    await app.stop();
    expect(p.listeners.size).toBe(0);
  });
});

describe('app logging', () => {
  it('writes lifecycle events at info and a failed start at error, through the module logger', async () => {
    const lines: string[] = [];
    const at = (level: string) => (message: string) => void lines.push(`${level} ${message}`);
    const logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
    const c = new Container();
    c.bind(UnitConsumer).toSelf();
    c.loadSync(createRocketMQModule({ nameServer: '127.0.0.1:9876', logger }, { portFactory: refusingPort }));
    const app = createRocketMQApp(c);
    await expect(app.start()).rejects.toThrow();
    expect(lines[0]).toBe('info starting');
    expect(lines.at(-1)).toMatch(/^error start failed: AppError: the app could not start: .*no network in unit tests/);
  });
});
