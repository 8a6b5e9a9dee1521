import type { MonoTypeOperatorFunction, Observable } from 'rxjs';
import type { ReceivedMessage } from '../core/message/received-message.js';

/** Where a handler sits: its class, method, group and subscription. */
export interface HandlerDescriptor {
  readonly group: string;
  readonly topic: string;
  readonly tagExpression: string;
  readonly className: string;
  readonly method: string;
}

/** The invocation of a one-message handler. */
export interface MessageHandlerContext extends HandlerDescriptor {
  readonly form: 'message';
  readonly message: ReceivedMessage;
  /** The handler's class instance (resolved from the container). */
  readonly instance: object;
}

/** The invocation of a batch handler (messages of one queue, in offset order). */
export interface BatchHandlerContext extends HandlerDescriptor {
  readonly form: 'batch';
  readonly messages: readonly ReceivedMessage[];
  readonly instance: object;
}

/** The subscription of a stream handler's pipeline (its acknowledgements flow through the interceptor). */
export interface StreamHandlerContext extends HandlerDescriptor {
  readonly form: 'stream';
  readonly messages$: Observable<ReceivedMessage>;
  readonly instance: object;
}

/** What an interceptor sees. */
export type HandlerContext = MessageHandlerContext | BatchHandlerContext | StreamHandlerContext;

/**
 * An interceptor around a handler, as an RxJS operator (NestJS interceptors in operator form): given the context of
 * one invocation, it returns an operator applied to the handler's *cold* result Observable. Work before the handler
 * goes in a `defer` around the source (validation, logging), work after it in `tap` / `finalize` (timing), and
 * errors can be mapped or retried with `catchError` / `retry`. The first interceptor in a list is the outermost.
 *
 * For a message handler the source emits the handler's result and completes (an error means the message failed);
 * for a stream handler it is the pipeline of acknowledgements, subscribed once.
 */
export type HandlerInterceptor = (context: HandlerContext) => MonoTypeOperatorFunction<unknown>;
