import type { Observable } from 'rxjs';
import type { BatchHandler, HandlerResult, StreamAck } from '../core/consumer/push/handlers.js';
import type { ReceivedMessage } from '../core/message/received-message.js';

/** A `@Consumer` class handling one message at a time (`implements MessageListener<Order>`). */
export interface MessageListener<T = unknown> {
  onMessage(message: ReceivedMessage<T>): HandlerResult;
}

/** A `@Consumer` class handling a stream: returns the acknowledgements (`ack`, `nack`, a message or an array). */
export interface StreamListener<T = unknown> {
  onStream(messages$: Observable<ReceivedMessage<T>>): Observable<StreamAck<T>>;
}

/** A `@Consumer` class handling batches of one queue; may return how many leading messages succeeded. */
export interface BatchListener<T = unknown> {
  onBatch: BatchHandler<T>;
}
