import { asyncScheduler, BehaviorSubject, type Observable, ReplaySubject } from 'rxjs';
import { createRemotingClient, type RemotingClient } from '../../../adapters/remoting/client/index.js';
import { clientInstanceConfig } from '../../../core/client/client-config.js';
import { ClientRegistry } from '../../../core/client/client-registry.js';
import type { ConsumerEvent } from '../../../core/consumer/push/events.js';
import { PushConsumer } from '../../../core/consumer/push/push-consumer.js';
import { resolveConsumerOptions } from '../../../core/defaults.js';
import { type MessageQueue, queueKey } from '../../../core/message/message-queue.js';
import type { ReceivedMessage } from '../../../core/message/received-message.js';
import type { ConsumerOptions } from '../../../core/options/option-types.js';
import type { CallOptions, PullRequest, PullResponse } from '../../../core/ports/broker-port.js';
import type { Loopback, Recorded } from './support.js';

/**
 * Counts the PULL_MESSAGE requests a consumer's remoting client sends, per queue: how many were sent and how many are
 * still waiting for their answer (a long poll held by the broker). With it a test knows, without waiting on a clock,
 * that a paused consumer has no pull left in flight and sends none.
 */
export class PullProbe {
  private readonly sentByQueue = new Map<string, number>();
  private readonly open = new Map<string, number>();
  private readonly changes = new BehaviorSubject<void>(undefined);

  /** Emits after every pull sent or answered (and at once). */
  get changed$(): Observable<void> {
    return this.changes.asObservable();
  }

  /** Pulls sent so far for this queue. */
  sent(queue: MessageQueue): number {
    return this.sentByQueue.get(queueKey(queue)) ?? 0;
  }

  /** Pulls of this queue sent and not answered yet. */
  inFlight(queue: MessageQueue): number {
    return this.open.get(queueKey(queue)) ?? 0;
  }

  /** The client with its `pull` counted; every other member is the client's own. */
  wrap(client: RemotingClient): RemotingClient {
    const pull = (addr: string, req: PullRequest, opts?: CallOptions): Promise<PullResponse> => {
      const key = queueKey(req.queue);
      this.sentByQueue.set(key, (this.sentByQueue.get(key) ?? 0) + 1);
      this.bump(key, +1);
      return client.pull(addr, req, opts).finally(() => this.bump(key, -1));
    };
    return new Proxy(client, {
      get(target, prop) {
        if (prop === 'pull') return pull;
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  private bump(key: string, by: number): void {
    this.open.set(key, (this.open.get(key) ?? 0) + by);
    this.changes.next();
  }
}

/** A probed consumer: the recorded consumer plus what its pulls did. Shut it down with `close()`. */
export interface ProbedConsumer extends Recorded {
  readonly probe: PullProbe;
  close(): Promise<void>;
}

/**
 * A push consumer like `Loopback.consumer` (first offset, its own client id, the environment's name server), but whose
 * remoting client is probed. Its own registry and client: `close()` shuts both down (before `env.close()`).
 */
export function probedConsumer(env: Loopback, group: string, topic: string, options: Partial<ConsumerOptions> = {}): ProbedConsumer {
  const probe = new PullProbe();
  const clients: RemotingClient[] = [];
  const consumerOptions: ConsumerOptions = {
    consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
    clientIp: '127.0.0.1',
    instanceName: `probed-${group}`,
    ...options,
    group,
    nameServer: env.broker.address,
  };
  const config = clientInstanceConfig(resolveConsumerOptions(consumerOptions), asyncScheduler);
  const instance = new ClientRegistry().acquire(config, (c) => {
    const client = createRemotingClient({ clientIp: '127.0.0.1', nameServers: [...c.nameServers] });
    clients.push(client);
    return probe.wrap(client);
  });
  const received: ReceivedMessage[] = [];
  const received$ = new ReplaySubject<ReceivedMessage>();
  const consumer = new PushConsumer({
    instance,
    options: consumerOptions,
    handler: (m: ReceivedMessage) => {
      received.push(m);
      received$.next(m);
    },
  });
  consumer.subscribe(topic);
  const events: ConsumerEvent[] = [];
  const events$ = new ReplaySubject<ConsumerEvent>();
  consumer.events$.subscribe((e) => {
    events.push(e);
    events$.next(e);
  });
  const close = async (): Promise<void> => {
    await consumer.shutdown();
    await Promise.all(clients.map((c) => c.close()));
  };
  return { consumer, received, received$, events, events$, probe, close };
}
