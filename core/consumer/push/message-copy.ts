import { ReceivedMessage, type ReceivedMessageFields } from '../../message/received-message.js';
import { unwrapNamespace } from '../../message/namespace.js';

/** A copy of `message` with some fields replaced; the payload is decoded (once) from the original. */
export function copyMessage<T>(message: ReceivedMessage<T>, patch: Partial<ReceivedMessageFields>): ReceivedMessage<T> {
  const fields: ReceivedMessageFields = { ...message, properties: message.properties, systemProperties: message.systemProperties, ...patch };
  return new ReceivedMessage<T>(fields, () => message.payload);
}

/** The message as delivered again after `reconsumeTimes` failures in this process (local retries). */
export function withReconsumeTimes<T>(message: ReceivedMessage<T>, reconsumeTimes: number): ReceivedMessage<T> {
  return message.reconsumeTimes === reconsumeTimes ? message : copyMessage(message, { reconsumeTimes });
}

/** The user-facing view of a message of a namespaced consumer: topics without the namespace. */
export function stripNamespace<T>(message: ReceivedMessage<T>, namespace: string | undefined): ReceivedMessage<T> {
  if (!namespace) return message;
  const patch: Partial<ReceivedMessageFields> = { topic: unwrapNamespace(namespace, message.topic) };
  if (message.retryTopic !== undefined) return copyMessage(message, { ...patch, retryTopic: unwrapNamespace(namespace, message.retryTopic) });
  return copyMessage(message, patch);
}
