import { ReceivedMessage, type ReceivedMessageFields } from '../../message/received-message.js';
import { RETRY_TOPIC_PREFIX } from '../../validation/names.js';

/** A copy of `message` with some fields replaced; the payload is decoded (once) from the original. */
export function copyMessage<T>(message: ReceivedMessage<T>, patch: Partial<ReceivedMessageFields>): ReceivedMessage<T> {
  const fields: ReceivedMessageFields = { ...message, properties: message.properties, systemProperties: message.systemProperties, ...patch };
  return new ReceivedMessage<T>(fields, () => message.payload);
}

/** The message as delivered again after `reconsumeTimes` failures in this process (local retries). */
export function withReconsumeTimes<T>(message: ReceivedMessage<T>, reconsumeTimes: number): ReceivedMessage<T> {
  return message.reconsumeTimes === reconsumeTimes ? message : copyMessage(message, { reconsumeTimes });
}

/** Java `NamespaceUtil.withoutNamespace`: `<ns>%T` → `T`, `%RETRY%<ns>%G` → `%RETRY%G`. */
export function withoutNamespace(name: string, namespace: string | undefined): string {
  if (!namespace) return name;
  const prefix = `${namespace}%`;
  if (name.startsWith(RETRY_TOPIC_PREFIX) && name.startsWith(prefix, RETRY_TOPIC_PREFIX.length)) {
    return RETRY_TOPIC_PREFIX + name.slice(RETRY_TOPIC_PREFIX.length + prefix.length);
  }
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

/** Java `NamespaceUtil.wrapNamespace` for the consumer's group and topics (retry topics keep their prefix first). */
export function withNamespace(name: string, namespace: string | undefined): string {
  if (!namespace) return name;
  const prefix = `${namespace}%`;
  if (name.startsWith(RETRY_TOPIC_PREFIX)) {
    const rest = name.slice(RETRY_TOPIC_PREFIX.length);
    return rest.startsWith(prefix) ? name : RETRY_TOPIC_PREFIX + prefix + rest;
  }
  return name.startsWith(prefix) ? name : prefix + name;
}

/** The user-facing view of a message of a namespaced consumer: topics without the namespace. */
export function stripNamespace<T>(message: ReceivedMessage<T>, namespace: string | undefined): ReceivedMessage<T> {
  if (!namespace) return message;
  const patch: Partial<ReceivedMessageFields> = { topic: withoutNamespace(message.topic, namespace) };
  if (message.retryTopic !== undefined) return copyMessage(message, { ...patch, retryTopic: withoutNamespace(message.retryTopic, namespace) });
  return copyMessage(message, patch);
}
