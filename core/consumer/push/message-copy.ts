import { ReceivedMessage, type ReceivedMessageFields, type ReceivedMessageInit } from '../../message/received-message.js';
import { unwrapNamespace } from '../../message/namespace.js';

/**
 * A copy of `message` with some fields replaced; the payload is decoded (once) from the original, and the property
 * maps are read from it only if someone reads the copy's (a copy made per message must not parse them eagerly).
 */
export function copyMessage<T>(message: ReceivedMessage<T>, patch: Partial<Omit<ReceivedMessageFields, 'properties' | 'systemProperties'>>): ReceivedMessage<T> {
  // Object.assign into a literal, not `{ ...message, ...patch, allPropertiesOf }`: on Node 20 a spread of a fresh
  // object followed by new keys makes a new hidden class per call (per message for a namespaced consumer).
  const allPropertiesOf = (): Readonly<Record<string, string>> => ({ ...message.systemProperties, ...message.properties });
  const fields: ReceivedMessageInit = Object.assign({ allPropertiesOf }, message, patch);
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
