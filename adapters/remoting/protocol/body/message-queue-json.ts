import type { MessageQueue } from '../../../../core/message/message-queue.js';
import { entriesOf, KeyedEntries, type JsonValue } from './fastjson.js';
import { asObject, invalid, num, str } from './fields.js';

/** A MessageQueue from its JSON bean `{"brokerName":…,"queueId":…,"topic":…}`. */
export function messageQueueFromJson(v: JsonValue | undefined, what: string): MessageQueue {
  const o = asObject(v, what);
  return { topic: str(o, 'topic', what), brokerName: str(o, 'brokerName', what), queueId: num(o, 'queueId', what) };
}

/** The JSON bean of a MessageQueue (a plain object; the writer orders its properties). */
export function messageQueueToJson(mq: MessageQueue): { brokerName: string; queueId: number; topic: string } {
  return { brokerName: mq.brokerName, queueId: mq.queueId, topic: mq.topic };
}

/** Entries of a map keyed by MessageQueue objects (fastjson form 2, §5.7): `{{mq}:value,…}`. */
export function queueKeyedEntries<T>(v: JsonValue | undefined, what: string, value: (x: JsonValue, path: string) => T): { queue: MessageQueue; value: T }[] {
  return entriesOf(v, what).map(([k, x], i) => {
    if (typeof k === 'string') throw invalid(`${what} key ${i}`, k, 'a MessageQueue object');
    return { queue: messageQueueFromJson(k, `${what} key ${i}`), value: value(x, `${what}[${i}]`) };
  });
}

/** A map keyed by MessageQueue objects, for the writer. */
export function queueKeyedMap<T>(entries: readonly { queue: MessageQueue; value: T }[]): KeyedEntries {
  return new KeyedEntries(entries.map((e) => [messageQueueToJson(e.queue), e.value as JsonValue]));
}
