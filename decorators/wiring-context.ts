import type { Container } from 'inversify';
import type { SchedulerLike } from 'rxjs';
import type { ClientRegistry } from '../core/client/client-registry.js';
import type { CodecRegistry } from '../core/codec/codec-registry.js';
import type { ReportAppEvent } from './app-events.js';
import type { InstanceCache } from './instances.js';
import type { ResolvedModuleOptions } from './module-options.js';
import type { RocketMQAdapters } from './tokens.js';

/** What the bootstrapper and its runners share while an app starts and runs. */
export interface WiringContext {
  readonly container: Container;
  readonly options: ResolvedModuleOptions;
  readonly adapters: RocketMQAdapters;
  readonly registry: ClientRegistry;
  readonly codecs: CodecRegistry;
  readonly scheduler: SchedulerLike;
  readonly instances: InstanceCache;
  readonly report: ReportAppEvent;
}

/** Something started that must be stopped, and how. */
export interface Closer {
  readonly what: string;
  close(): Promise<void>;
}
