import type { MessageStore } from '../store/message-store.js';
import { TimerSet, type EngineScheduler } from './clock.js';
import { ClientService } from './client-service.js';
import type { ResolvedBrokerConfig } from './config.js';
import { ConsumerRegistry } from './consumer-registry.js';
import type { EngineEventSink } from './events.js';
import { HalfTable } from './half-table.js';
import { KeyIndex } from './key-index.js';
import { storedRecordHasKey } from './key-index-loader.js';
import { RebalanceLocks } from './locks.js';
import { MessageWriter } from './message-writer.js';
import { OffsetService } from './offset-service.js';
import { ProducerRegistry } from './producer-registry.js';
import { PullHoldService } from './pull-hold.js';
import { PullService } from './pull-service.js';
import { QueryService } from './query-service.js';
import { ScheduleService } from './schedule-service.js';
import { SendService } from './send-service.js';
import { SendTarget } from './send-target.js';
import { SubscriptionGroups } from './subscription-groups.js';
import type { TopicConfigRecord } from '../store/message-store.js';
import { TopicTable } from './topic-table.js';
import { TransactionChecker } from './transaction-checker.js';
import { TransactionService } from './transaction-service.js';

export interface CoreOptions {
  store: MessageStore;
  config: ResolvedBrokerConfig;
  scheduler: EngineScheduler;
  random: () => number;
  onEvent: EngineEventSink | undefined;
  onTopicCreated: (topic: TopicConfigRecord) => void;
}

/** Every collaborator of a broker, wired together. The `Broker` facade owns their lifecycle. */
export function createCore(o: CoreOptions) {
  const now = (): number => o.scheduler.now();
  const timers = new TimerSet(o.scheduler);
  const topics = new TopicTable(o.store, o.config, now, o.onTopicCreated);
  const groups = new SubscriptionGroups(o.store, o.config);
  const producers = new ProducerRegistry();
  const consumers = new ConsumerRegistry();
  const index = new KeyIndex(o.config.maxIndexEntries, storedRecordHasKey(o.store));
  const locks = new RebalanceLocks(o.config.lockExpiryMs, now);

  // Closures below read `writer` and `pull` only after construction has finished.
  const getWriter = (): MessageWriter => writer;
  const schedule = new ScheduleService({
    store: o.store, writer: getWriter, levels: o.config.delayLevelsMs.length, timers, now, onEvent: o.onEvent,
  });
  const hold: PullHoldService = new PullHoldService({
    store: o.store, timers, now, recheckMs: o.config.longPollRecheckMs, execute: (req, ch) => pull.execute(req, ch),
  });
  const writer = new MessageWriter(o.store, o.config, topics, index, now, [hold.onArrival, schedule.onArrival]);
  const pull: PullService = new PullService({ store: o.store, config: o.config, topics, groups, consumers, hold: () => hold });

  const halves = new HalfTable({ store: o.store, writer: getWriter, topics, config: o.config, now });
  const transactions = new TransactionService({ store: o.store, writer: getWriter, topics, halves });
  const checker = new TransactionChecker({
    store: o.store, config: o.config, halves, producers, now, random: o.random, onEvent: o.onEvent,
  });
  const target = new SendTarget(topics, groups, o.random);
  const send = new SendService({ config: o.config, writer, target, stageHalf: (msg) => transactions.stageHalf(msg) });
  const clients = new ClientService({ producers, consumers, groups, topics, now, onEvent: o.onEvent });
  const offsets = new OffsetService(o.store);
  const query = new QueryService(o.store, index, o.config);

  return {
    timers, topics, groups, producers, consumers, index, locks, writer, schedule, hold, pull,
    halves, transactions, checker, send, clients, offsets, query,
  };
}

export type BrokerCore = ReturnType<typeof createCore>;
