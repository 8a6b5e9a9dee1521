import type { SchedulerLike } from 'rxjs';
import { clientInstanceConfig, type ProcessIdentity } from '../../client/client-config.js';
import type { ClientInstance } from '../../client/client-instance.js';
import type { ClientRegistry, PortFactory } from '../../client/client-registry.js';
import type { CodecRegistry } from '../../codec/codec-registry.js';
import type { PauseSet } from '../push/pause-set.js';
import { pullRequestHandler } from './broker-handler.js';
import { PullEngine } from './engine.js';
import type { ReportPullEvent } from './events.js';
import { OffsetOps } from './offset-ops.js';
import type { ResolvedPullConsumerOptions } from './options.js';
import type { Subscriptions } from './subscriptions.js';

/** A pull consumer's connection to the cluster: the shared client instance and the parts built over it. */
export interface PullClient {
  readonly instance: ClientInstance;
  readonly engine: PullEngine;
  readonly ops: OffsetOps;
}

/** What connecting needs. */
export interface ConnectDeps {
  readonly options: ResolvedPullConsumerOptions;
  /** The group as the broker knows it. */
  readonly group: string;
  readonly registry: ClientRegistry;
  readonly portFactory: PortFactory;
  readonly identity: ProcessIdentity | undefined;
  readonly scheduler: SchedulerLike;
  readonly codecs: CodecRegistry;
  readonly subscriptions: Subscriptions;
  readonly pauses: PauseSet;
  readonly report: ReportPullEvent;
}

/**
 * Joins the shared client instance for the options' name servers and client id, builds the engine and the offset
 * operations, registers the group (heartbeat entry and answers to broker requests) and starts the instance. Nothing
 * is pulled yet: the caller starts the engine. A failed instance start unregisters the group again.
 */
export async function connectPullClient(d: ConnectDeps): Promise<PullClient> {
  const instance = d.registry.acquire(clientInstanceConfig(d.options, d.scheduler, d.identity), d.portFactory);
  const engine = new PullEngine({
    options: d.options,
    group: d.group,
    instance,
    scheduler: d.scheduler,
    subscriptions: d.subscriptions,
    pauses: d.pauses,
    decoding: { registry: d.codecs, fallback: d.options.fallbackCodec },
    report: d.report,
  });
  const ops = new OffsetOps({ group: d.group, options: d.options, instance, engine, subscriptions: d.subscriptions, report: d.report });
  instance.registerConsumer(d.group, { consumerData: () => engine.consumerData(), handler: pullRequestHandler(ops.handlerContext()) });
  try {
    await instance.start();
  } catch (error) {
    await instance.unregisterConsumer(d.group);
    throw error;
  }
  return { instance, engine, ops };
}
