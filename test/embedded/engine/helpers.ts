/** Shared fixtures for the engine tests: a recording fake channel, request builders, a broker on a MemoryStore. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';
import { encodeProperties } from '../../../adapters/remoting/protocol/message/properties.js';
import { decodeStoredMessages, type DecodedMessage } from '../../../adapters/remoting/protocol/message/stored-message.js';
import { decodeFrame } from '../../../adapters/remoting/protocol/frame.js';
import type { RemotingCommand } from '../../../adapters/remoting/protocol/command.js';
import { MemoryStore } from '../../../adapters/embedded/store/memory-store.js';
import { Broker, type BrokerOptions } from '../../../adapters/embedded/engine/broker.js';
import type { ClientChannel } from '../../../adapters/embedded/engine/channel.js';
import type { BrokerConfig } from '../../../adapters/embedded/engine/config.js';
import type { EngineEvent } from '../../../adapters/embedded/engine/events.js';
import type { HeartbeatInput } from '../../../adapters/embedded/engine/client-types.js';
import type { PullOutcome, PullRequest, PullResult } from '../../../adapters/embedded/engine/pull-types.js';
import type { SendRequest } from '../../../adapters/embedded/engine/send-types.js';

export const CAPTURES_DIR = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'protocol', 'captures');

export interface Notification {
  code: number;
  extFields: Record<string, string>;
  body?: Buffer;
}

/** A client connection that records what the broker pushes to it. */
export class FakeChannel implements ClientChannel {
  closed = false;
  readonly notifications: Notification[] = [];

  constructor(
    readonly id: string,
    readonly remoteAddress = '127.0.0.1:50001',
  ) {}

  notify(code: number, extFields: Record<string, string>, body?: Buffer): void {
    this.notifications.push({ code, extFields, ...(body !== undefined ? { body } : {}) });
  }

  close(): void {
    this.closed = true;
  }

  codes(): number[] {
    return this.notifications.map((n) => n.code);
  }
}

export interface TestBroker {
  broker: Broker;
  store: MemoryStore;
  events: EngineEvent[];
}

/**
 * Fake time from 1_700_000_000_000, then a started broker with `TopicTest` (2 queues): the per-test setup of the
 * timing tests (delay, long polling). Pair with {@link closeTimedBroker}.
 */
export async function startTimedBroker(): Promise<TestBroker> {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
  const t = await startBroker();
  await t.broker.createTopic('TopicTest', 2);
  return t;
}

/** Closes the broker of {@link startTimedBroker} and returns to real time. */
export async function closeTimedBroker(t: TestBroker): Promise<void> {
  await t.broker.close();
  vi.useRealTimers();
}

/** A started broker on a fresh MemoryStore; the caller closes it. */
export async function startBroker(config: Partial<BrokerConfig> = {}, options: Partial<BrokerOptions> = {}): Promise<TestBroker> {
  const store = (options.store as MemoryStore | undefined) ?? new MemoryStore();
  const events: EngineEvent[] = [];
  const broker = new Broker({
    store,
    config: { brokerAddr: '127.0.0.1:10911', ...config },
    random: () => 0,
    onEvent: (e) => events.push(e),
    ...options,
  });
  await broker.start();
  return { broker, store, events };
}

export function sendRequest(overrides: Partial<SendRequest> & { props?: Record<string, string> } = {}): SendRequest {
  const { props, ...rest } = overrides;
  return {
    producerGroup: 'PG',
    topic: 'TopicTest',
    defaultTopic: 'TBW102',
    defaultTopicQueueNums: 4,
    queueId: 0,
    sysFlag: 0,
    bornTimestamp: Date.now(),
    flag: 0,
    properties: encodeProperties(props ?? { WAIT: 'true', TAGS: 'TagA' }),
    body: Buffer.from('hello'),
    ...rest,
  };
}

export function pullRequest(overrides: Partial<PullRequest> = {}): PullRequest {
  return {
    consumerGroup: 'CG',
    topic: 'TopicTest',
    queueId: 0,
    queueOffset: 0,
    maxMsgNums: 32,
    sysFlag: 4,
    commitOffset: 0,
    suspendTimeoutMillis: 15_000,
    subscription: '*',
    subVersion: 0,
    expressionType: 'TAG',
    ...overrides,
  };
}

/** A push consumer's heartbeat: the group subscribes `topic` with `expression` (and its %RETRY% topic). */
export function consumerHeartbeat(clientID: string, group: string, topic: string, expression = '*', subVersion = 1): HeartbeatInput {
  const sub = (t: string, e: string) => ({ topic: t, subString: e, subVersion, expressionType: 'TAG' });
  return {
    clientID,
    producerDataSet: [{ groupName: 'CLIENT_INNER_PRODUCER' }],
    consumerDataSet: [{
      groupName: group,
      consumeType: 'CONSUME_PASSIVELY',
      messageModel: 'CLUSTERING',
      consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
      subscriptionDataSet: [sub(topic, expression), sub(`%RETRY%${group}`, '*')],
      unitMode: false,
    }],
  };
}

/** The messages of a SUCCESS pull (fails the test otherwise). */
export function pulled(outcome: PullOutcome | undefined): DecodedMessage[] {
  if (outcome === undefined || outcome.code !== 0) throw new Error(`expected FOUND, got ${JSON.stringify(outcome)}`);
  return decodeStoredMessages((outcome as PullResult).body!);
}

/** The decoded frame number `n` (its `NNN_` file-name prefix) of a capture scenario. */
export function captureFrame(scenario: string, n: number): RemotingCommand {
  const dir = join(CAPTURES_DIR, scenario, 'frames');
  const prefix = `${String(n).padStart(3, '0')}_`;
  const file = readdirSync(dir).find((f) => f.startsWith(prefix));
  if (file === undefined) throw new Error(`no frame ${n} in capture ${scenario}`);
  return decodeFrame(readFileSync(join(dir, file)));
}

/** Lets pending promise callbacks run (no time passes). */
export async function flush(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
}
