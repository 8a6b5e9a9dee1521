import type { BoundClass } from './container-bindings.js';
import type { HandlerInterceptor } from './interceptor-types.js';
import type { TransactionMetadata } from './metadata.js';
import type { ConsumerGroupOptions, HandlerForm, ProducerDecoratorOptions } from './options.js';

/** One consumer handler found in the container: what the group merger and the bootstrapper work from. */
export interface HandlerDefinition {
  readonly owner: BoundClass;
  readonly className: string;
  readonly method: string;
  readonly form: HandlerForm;
  readonly topic: string;
  readonly tagExpression: string;
  /** The tags it takes (`'*'` for all). */
  readonly tags: '*' | readonly string[];
  readonly group: string;
  /** Group-wide options (including `group`). */
  readonly groupOptions: ConsumerGroupOptions & { readonly group: string };
  /** The class's interceptors, then the handler's own. */
  readonly interceptors: readonly HandlerInterceptor[];
}

/** One `@Producer` class found in the container. */
export interface ProducerDefinition {
  readonly owner: BoundClass;
  readonly className: string;
  readonly options: ProducerDecoratorOptions;
  /** The token `@InjectProducer()` asks for. */
  readonly token: symbol;
  readonly transaction: TransactionMetadata;
}

/** Everything the explorer found. */
export interface Exploration {
  readonly handlers: readonly HandlerDefinition[];
  readonly producers: readonly ProducerDefinition[];
}

/** `Class.method` of a handler, for messages. */
export function handlerName(h: Pick<HandlerDefinition, 'className' | 'method'>): string {
  return `${h.className}.${h.method}`;
}
