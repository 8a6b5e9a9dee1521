/**
 * Where the direct send-header writers (JSON in `send-v2-json-direct.ts`, binary in `send-v2-binary-direct.ts`) keep
 * their templates: by topic, a short list with one template per broker and request code (the oldest replaced past
 * {@link BROKERS_PER_TOPIC}), bounded over topics so that a producer of ever-new topics does not grow memory; the
 * template used last is tried first, since a producer's sends of one topic come in runs. No I/O.
 */
import { BoundedMemo } from '../../../core/util/bounded-memo.js';
import type { SendV2Envelope, SendV2Fields } from './send-v2-json-direct.js';

/** Templates kept per topic, one per broker and request code it is sent to. */
const BROKERS_PER_TOPIC = 8;

/** What a template is found by, and the values of a send it keeps as bytes. */
export interface SendTemplateValues {
  readonly topic: string;
  readonly brokerName: string;
  readonly code: number;
  readonly group: string;
  readonly defaultTopic: string;
  readonly queueNums: number;
  readonly maxReconsumeTimes: number | undefined;
  readonly language: string;
  readonly version: number;
}

/** Whether template `t` was made from the values `f` and `envelope` have, besides its topic and code (so its bytes are theirs). */
export function holdsSendValues(t: SendTemplateValues, f: SendV2Fields, envelope: SendV2Envelope): boolean {
  return (
    t.group === f.producerGroup &&
    t.defaultTopic === f.defaultTopic &&
    t.queueNums === f.defaultTopicQueueNums &&
    t.maxReconsumeTimes === f.maxReconsumeTimes &&
    t.brokerName === f.brokerName &&
    t.version === envelope.version &&
    t.language === envelope.language
  );
}

/** One writer's templates. */
export class SendTemplates<T extends SendTemplateValues> {
  private readonly byTopic = new BoundedMemo<T[]>(256);
  private recent: T | undefined = undefined;

  /** The template kept for `topic`, `brokerName` and `code`, if any (the caller checks that it holds the send's values). */
  find(topic: string, brokerName: string, code: number): T | undefined {
    const r = this.recent;
    if (r !== undefined && r.topic === topic && r.brokerName === brokerName && r.code === code) return r;
    const list = this.byTopic.get(topic);
    if (list === undefined) return undefined;
    for (let i = 0; i < list.length; i++) {
      const t = list[i]!;
      if (t.brokerName === brokerName && t.code === code) return (this.recent = t);
    }
    return undefined;
  }

  /** Keeps `t` in place of its topic's template for the same broker and code; answers it. */
  keep(t: T): T {
    const list = (this.byTopic.get(t.topic) ?? []).filter((other) => other.brokerName !== t.brokerName || other.code !== t.code);
    if (list.length >= BROKERS_PER_TOPIC) list.shift();
    list.push(t);
    this.byTopic.remember(t.topic, list);
    return (this.recent = t);
  }
}
