import 'reflect-metadata';
import { Container } from 'inversify';
import { filter, firstValueFrom, type Observable, ReplaySubject, scan } from 'rxjs';
import { createRemotingClient, type RemotingClient } from '../../adapters/remoting/client/index.js';
import type { EmbeddedBroker } from '../../adapters/embedded/index.js';
import { deriveTopicRoute } from '../../core/client/topic-route.js';
import { createRocketMQApp, RocketMQModule, silentLogger, type Constructor, type RocketMQApp, type RocketMQModuleOptions } from '../../index.js';

/** A record of what handlers did, observable so tests wait on it instead of sleeping. */
export class Journal {
  private readonly entries = new ReplaySubject<string>();
  readonly list: string[] = [];

  add(entry: string): void {
    this.list.push(entry);
    this.entries.next(entry);
  }

  /** Resolves once `count` entries matching `match` were added. */
  async waitFor(count: number, match: (e: string) => boolean = () => true): Promise<string[]> {
    return firstValueFrom(
      this.entries.pipe(
        filter(match),
        scan((all, e) => [...all, e], [] as string[]),
        filter((all) => all.length >= count),
      ),
    );
  }
}

/** A container with `classes` bound as singletons, the module loaded, and the app created. */
export function appWith(classes: readonly Constructor[], options: RocketMQModuleOptions, extra: (c: Container) => void = () => undefined): { app: RocketMQApp; container: Container } {
  const container = new Container({ defaultScope: 'Singleton' });
  for (const cls of classes) container.bind(cls).toSelf();
  extra(container);
  container.loadSync(RocketMQModule({ logger: silentLogger, clientId: `test-${Math.random().toString(36).slice(2, 8)}`, ...options }));
  return { app: createRocketMQApp(container), container };
}

/** Resolves with the first value of `source` that matches. */
export function first<T>(source: Observable<T>, match: (v: T) => boolean): Promise<T> {
  return firstValueFrom(source.pipe(filter(match)));
}

/** A remoting client to inspect the broker (routes, committed offsets). */
export function inspector(mq: EmbeddedBroker) {
  const client: RemotingClient = createRemotingClient({ nameServers: [mq.address], clientIp: '127.0.0.1' });
  const addrOf = (brokerName: string) => mq.brokers.find((b) => b.name === brokerName)!.address;
  return {
    client,
    /** The sum of the group's committed offsets over the topic's queues. */
    async committed(group: string, topic: string): Promise<number> {
      const route = deriveTopicRoute(topic, await client.getRouteInfo(topic));
      let sum = 0;
      for (const q of route.subscribeQueues) sum += (await client.queryConsumerOffset(addrOf(q.brokerName), group, q)) ?? 0;
      return sum;
    },
    close: () => client.close(),
  };
}
