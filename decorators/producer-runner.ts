import { Producer as CoreProducer } from '../core/producer/producer.js';
import type { ClientOptions } from '../core/options/option-types.js';
import type { TransactionStateLike } from '../core/producer/local-state.js';
import type { BoundProducer, TransactionMethods } from './bound-producer.js';
import { codecName } from './codec-names.js';
import type { ProducerDefinition } from './definitions.js';
import type { ProducerPlan } from './producer-plan.js';
import type { Closer, WiringContext } from './wiring-context.js';

type Method = (this: object, ...args: unknown[]) => TransactionStateLike;

function boundMethod(ctx: WiringContext, def: ProducerDefinition, name: string | undefined): ((...args: unknown[]) => TransactionStateLike) | undefined {
  if (name === undefined) return undefined;
  const instance = ctx.instances.get(def.owner);
  const fn = (instance as Record<string, Method>)[name]!;
  return (...args) => fn.call(instance, ...args);
}

/**
 * Starts the one core producer of a producer group and connects the bound producers of its classes to it (with
 * their `@LocalTransaction` and the group's `@CheckTransaction`). Returns how to stop it.
 */
export async function startProducer(
  ctx: WiringContext,
  plan: ProducerPlan,
  clientOptions: ClientOptions,
  bound: (def: ProducerDefinition) => BoundProducer,
): Promise<Closer> {
  const { codec, group: _group, ...options } = plan.options;
  const name = codecName(ctx.codecs, codec);
  const check = plan.checker ? boundMethod(ctx, plan.checker, plan.checker.transaction.checkTransaction) : undefined;
  const core = new CoreProducer(
    { ...clientOptions, ...options, group: plan.group, ...(name === undefined ? {} : { codec: name }) },
    {
      portFactory: ctx.adapters.portFactory,
      registry: ctx.registry,
      codecs: ctx.codecs,
      scheduler: ctx.scheduler,
      ...(check === undefined ? {} : { checkListener: (m) => check(m) }),
    },
  );
  const events = core.events$.subscribe((event) => ctx.report({ type: 'producer-event', group: plan.group, event }));
  try {
    await core.start();
  } catch (error) {
    events.unsubscribe();
    await core.shutdown();
    throw error;
  }
  for (const member of plan.members) {
    const local = boundMethod(ctx, member, member.transaction.localTransaction);
    const transaction: TransactionMethods = {
      ...(local === undefined ? {} : { local: (m, a) => local(m, a) }),
      ...(check === undefined ? {} : { check: (m) => check(m) }),
    };
    bound(member).connect({ core, transaction });
  }
  ctx.report({ type: 'producer-started', group: plan.group, classes: plan.members.map((m) => m.className) });
  return {
    what: `producer ${plan.group}`,
    close: async () => {
      for (const member of plan.members) bound(member).connect(undefined);
      try {
        await core.shutdown();
      } finally {
        events.unsubscribe();
      }
    },
  };
}
