import { catchError, concat, defer, endWith, filter, ignoreElements, isObservable, map, merge, mergeMap, type Observable, of, tap, throwError } from 'rxjs';
import type { ReceivedMessage } from '../core/message/received-message.js';
import { ack, type ConsumerHandler, type HandlerResult, nack, resultOf, type StreamAck } from '../core/consumer/push/handlers.js';
import { type HandlerDefinition, handlerName } from './definitions.js';
import type { GroupPlan } from './group-merger.js';
import { routeMessage } from './group-merger.js';
import { intercept } from './interceptors.js';
import type { BatchHandlerContext, HandlerContext, HandlerDescriptor, HandlerInterceptor, MessageHandlerContext, StreamHandlerContext } from './interceptor-types.js';

/** What the group handler needs besides its plan. */
export interface GroupHandlerDeps {
  readonly plan: GroupPlan;
  /** The resolved instance of a member's class. */
  readonly instanceOf: (def: HandlerDefinition) => object;
  /** The module's interceptors (outermost). */
  readonly interceptors: readonly HandlerInterceptor[];
  /** A message no member takes (cannot happen with the combined subscription, but is acknowledged and reported). */
  readonly onUnrouted: (message: ReceivedMessage) => void;
  /** A message handler inside a stream group failed (the message is negatively acknowledged and retried). */
  readonly onFailed: (def: HandlerDefinition, message: ReceivedMessage, error: unknown) => void;
}

type Method = (this: object, arg: unknown) => unknown;

/** The deps plus each member's interceptor chain, looked up once per group for every form. */
interface Group extends GroupHandlerDeps {
  readonly chainOf: (def: HandlerDefinition) => readonly HandlerInterceptor[];
}

/**
 * The context an interceptor sees: the handler's descriptor, with `invocation` (the form and its messages) added to
 * that fresh literal. Not `{ ...descriptor, ...invocation }`: on Node 20 a spread followed by new keys makes a new
 * hidden class per message, and every interceptor's read of the context would then miss V8's inline caches.
 */
function contextOf<C extends HandlerContext>(def: HandlerDefinition, invocation: Omit<C, keyof HandlerDescriptor>): C {
  const descriptor: HandlerDescriptor = { group: def.group, topic: def.topic, tagExpression: def.tagExpression, className: def.className, method: def.method };
  return Object.assign(descriptor, invocation) as C;
}

/**
 * The core consumer handler of a merged group: each message goes to the member handling its topic and tag, through
 * the module's, the class's and the handler's interceptors. The form follows the group's: one message at a time,
 * batches (per queue, so per topic), or one stream pipeline that fans out to every member.
 */
export function groupHandler(deps: GroupHandlerDeps): ConsumerHandler {
  const group: Group = { ...deps, chainOf: interceptorChains(deps) };
  if (deps.plan.form === 'stream') return { stream: (messages$) => streamOf(group, messages$) };
  if (deps.plan.form === 'batch') return { batch: (messages) => batchOf(group, messages) };
  return (message: ReceivedMessage) => {
    const def = routeMessage(group.plan, message.topic, message.tags);
    if (def === undefined) return group.onUnrouted(message);
    const chain = group.chainOf(def);
    const instance = group.instanceOf(def);
    // No interceptor: hand back what the method returned, so that the consumer answers a synchronous handler
    // without building an Observable for it (as it does for a handler given to it directly).
    if (chain.length === 0) return call(instance, def, message) as HandlerResult;
    return invokeWith(chain, instance, def, message);
  };
}

/** Each member's interceptors (the module's, then its own), built once per member instead of once per message or batch. */
function interceptorChains(deps: GroupHandlerDeps): (def: HandlerDefinition) => readonly HandlerInterceptor[] {
  const chains = new Map<HandlerDefinition, readonly HandlerInterceptor[]>();
  return (def) => {
    let chain = chains.get(def);
    if (chain === undefined) {
      chain = [...deps.interceptors, ...def.interceptors];
      chains.set(def, chain);
    }
    return chain;
  };
}

/** Calls the member's method on `instance`, the same instance its interceptors see in their context. */
function call(instance: object, def: HandlerDefinition, arg: unknown): unknown {
  const fn = (instance as Record<string, Method>)[def.method]!;
  return fn.call(instance, arg);
}

/** One message through its member's interceptors and handler, as a cold Observable. */
function invokeMessage(group: Group, def: HandlerDefinition, message: ReceivedMessage): Observable<unknown> {
  return invokeWith(group.chainOf(def), group.instanceOf(def), def, message);
}

function invokeWith(chain: readonly HandlerInterceptor[], instance: object, def: HandlerDefinition, message: ReceivedMessage): Observable<unknown> {
  const context = contextOf<MessageHandlerContext>(def, { form: 'message', message, instance });
  return intercept(chain, context, defer(() => resultOf(call(instance, def, message))));
}

function batchOf(group: Group, messages: readonly ReceivedMessage[]): Observable<number> {
  const topic = group.plan.topics.get(messages[0]!.topic);
  const batcher = topic && [topic.fallback, ...topic.byTag.values()].find((d) => d?.form === 'batch');
  if (batcher) {
    const instance = group.instanceOf(batcher);
    const context = contextOf<BatchHandlerContext>(batcher, { form: 'batch', messages, instance });
    return intercept(group.chainOf(batcher), context, defer(() => resultOf(call(instance, batcher, messages)))) as Observable<number>;
  }
  return oneByOne(group, messages);
}

/** Message handlers of a batch group: in order; the count of leading successes, or the first error if none. */
function oneByOne(group: Group, messages: readonly ReceivedMessage[]): Observable<number> {
  let done = 0;
  const each = messages.map((m) =>
    defer(() => {
      const def = routeMessage(group.plan, m.topic, m.tags);
      if (def === undefined) return of(group.onUnrouted(m));
      return invokeMessage(group, def, m);
    }).pipe(ignoreElements(), tap({ complete: () => (done += 1) })),
  );
  return concat(...each).pipe(
    endWith(0),
    map(() => done),
    catchError((error: unknown) => (done === 0 ? throwError(() => error) : of(done))),
  );
}

function streamOf(group: Group, messages$: Observable<ReceivedMessage>): Observable<StreamAck> {
  const { plan } = group;
  const routed = (def: HandlerDefinition) => messages$.pipe(filter((m) => routeMessage(plan, m.topic, m.tags) === def));
  const unrouted$ = messages$.pipe(
    filter((m) => routeMessage(plan, m.topic, m.tags) === undefined),
    tap((m) => group.onUnrouted(m)),
    map((m) => ack(m)),
  );
  const members = plan.members.map((def) => (def.form === 'stream' ? memberStream(group, def, routed(def)) : adaptedMessages(group, def, routed(def))));
  return merge(...members, unrouted$);
}

function memberStream(group: Group, def: HandlerDefinition, input$: Observable<ReceivedMessage>): Observable<StreamAck> {
  const instance = group.instanceOf(def);
  const context = contextOf<StreamHandlerContext>(def, { form: 'stream', messages$: input$, instance });
  const run = defer(() => {
    const result = call(instance, def, input$);
    if (!isObservable(result)) throw new TypeError(`${handlerName(def)} must return an Observable of acknowledgements`);
    return result;
  });
  return intercept(group.chainOf(def), context, run) as Observable<StreamAck>;
}

/** A message handler in a stream group: each message handled (in parallel, bounded by flow control), then acked or nacked. */
function adaptedMessages(group: Group, def: HandlerDefinition, input$: Observable<ReceivedMessage>): Observable<StreamAck> {
  return input$.pipe(
    mergeMap((m) =>
      invokeMessage(group, def, m).pipe(
        ignoreElements(),
        endWith(ack(m)),
        catchError((error: unknown) => {
          group.onFailed(def, m, error);
          return of(nack(m));
        }),
      ),
    ),
  );
}
