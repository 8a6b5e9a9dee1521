import { filter, firstValueFrom } from 'rxjs';
import { clientInstanceConfig } from '../core/client/client-config.js';
import type { ConsumerEvent } from '../core/consumer/push/events.js';
import { PushConsumer } from '../core/consumer/push/push-consumer.js';
import { resolveClientOptions } from '../core/defaults.js';
import type { ClientOptions, ConsumerOptions } from '../core/options/option-types.js';
import { codecName } from './codec-names.js';
import { handlerName } from './definitions.js';
import { AppError } from './errors.js';
import { groupHandler } from './group-handler.js';
import type { GroupPlan } from './group-merger.js';
import { coreConsumerOptions } from './validate.js';
import type { Closer, WiringContext } from './wiring-context.js';

/** The end of a rebalance round: queues taken (with their start offsets) or the whole round failed. */
function isRoundEnd(e: ConsumerEvent): boolean {
  return e.type === 'rebalance' || (e.type === 'rebalance-failed' && e.topic === '*');
}

/** A started group consumer. */
export interface RunningConsumer extends Closer {
  readonly group: string;
  readonly consumer: PushConsumer;
}

/**
 * Starts the one core push consumer of a merged group: its options are the group's, its subscriptions the
 * combined ones, its handler dispatches to the members. Resolves after the first rebalance round, when the consumer
 * owns its queues and knows where each starts (so a message sent after the app is ready is not skipped by
 * `CONSUME_FROM_LAST_OFFSET`). Returns the consumer and how to stop it (which drains in-flight handlers, persists
 * offsets and unregisters).
 */
export async function startConsumer(ctx: WiringContext, plan: GroupPlan, clientOptions: ClientOptions): Promise<RunningConsumer> {
  for (const member of plan.members) ctx.instances.get(member.owner);
  const fallback = codecName(ctx.codecs, plan.options.codec);
  const options = { ...clientOptions, ...coreConsumerOptions(plan.options), group: plan.group, ...(fallback === undefined ? {} : { fallbackCodec: fallback }) } as ConsumerOptions;
  const broadcasting = options.messageModel === 'BROADCASTING';
  if (broadcasting && ctx.adapters.localOffsets === undefined) {
    throw new AppError('invalid-module-options', `consumer group ${plan.group} is broadcasting but the module has no local offset storage adapter`, { group: plan.group });
  }
  const instance = ctx.registry.acquire(clientInstanceConfig(resolveClientOptions(clientOptions), ctx.scheduler), ctx.adapters.portFactory);
  const consumer = new PushConsumer({
    instance,
    options,
    scheduler: ctx.scheduler,
    codecs: ctx.codecs,
    ...(broadcasting ? { localOffsets: ctx.adapters.localOffsets!(ctx.options.localOffsetDir) } : {}),
    handler: groupHandler({
      plan,
      instanceOf: (def) => ctx.instances.get(def.owner),
      interceptors: ctx.options.interceptors,
      onUnrouted: (m) => ctx.report({ type: 'message-unrouted', group: plan.group, topic: m.topic, tags: m.tags, msgId: m.msgId }),
      onFailed: (def, m, error) => ctx.report({ type: 'handler-failed', group: plan.group, handler: handlerName(def), msgId: m.msgId, error }),
    }),
  });
  for (const [topic, t] of plan.topics) consumer.subscribe(topic, t.expression);
  const events = consumer.events$.subscribe((event) => ctx.report({ type: 'consumer-event', group: plan.group, event }));
  const firstRound = firstValueFrom(consumer.events$.pipe(filter(isRoundEnd)), { defaultValue: undefined });
  try {
    await consumer.start();
    await firstRound;
  } catch (error) {
    events.unsubscribe();
    await consumer.shutdown();
    throw error;
  }
  const subscriptions = Object.fromEntries([...plan.topics.values()].map((t) => [t.topic, t.expression]));
  ctx.report({ type: 'consumer-started', group: plan.group, subscriptions, handlers: plan.members.map(handlerName) });
  return {
    what: `consumer ${plan.group}`,
    group: plan.group,
    consumer,
    close: async () => {
      try {
        await consumer.shutdown();
      } finally {
        events.unsubscribe();
      }
    },
  };
}
