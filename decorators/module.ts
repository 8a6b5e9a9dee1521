import { ContainerModule } from 'inversify';
import { ClientRegistry } from '../core/client/client-registry.js';
import { BUILTIN_CODECS } from '../core/codec/builtin-codecs.js';
import { CodecRegistry } from '../core/codec/codec-registry.js';
import { resolveModuleOptions, type RocketMQModuleOptions } from './module-options.js';
import { ROCKETMQ_TOKENS, type RocketMQAdapters } from './tokens.js';

/**
 * The decorators' inversify module: binds the (eagerly checked) options, the adapter factories the composition
 * root passes in, and the app-wide client registry, codecs and logger. Load it, bind your decorated classes, then
 * `createRocketMQApp(container)`. Applications use the root's `RocketMQModule(options)`, which supplies the native
 * adapters; tests may pass fakes.
 */
export function createRocketMQModule(options: RocketMQModuleOptions, adapters: RocketMQAdapters): ContainerModule {
  const resolved = resolveModuleOptions(options);
  return new ContainerModule(({ bind }) => {
    bind(ROCKETMQ_TOKENS.options).toConstantValue(resolved);
    bind(ROCKETMQ_TOKENS.adapters).toConstantValue(adapters);
    bind(ROCKETMQ_TOKENS.clientRegistry).toDynamicValue(() => new ClientRegistry()).inSingletonScope();
    bind(ROCKETMQ_TOKENS.codecs).toDynamicValue(() => new CodecRegistry([...BUILTIN_CODECS, ...resolved.codecs])).inSingletonScope();
    bind(ROCKETMQ_TOKENS.logger).toConstantValue(resolved.logger);
  });
}
