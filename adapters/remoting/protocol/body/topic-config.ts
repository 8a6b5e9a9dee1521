import { entriesOf, type JsonValue } from './fastjson.js';
import { asObject, bool, num, str, stringItem } from './fields.js';

/** A broker's TopicConfig bean (REGISTER_BROKER body, UPDATE_AND_CREATE_TOPIC semantics). */
export interface TopicConfig {
  topicName: string;
  readQueueNums: number;
  writeQueueNums: number;
  /** 6 = read + write; 7 adds inherit (TBW102). */
  perm: number;
  /** `SINGLE_TAG` or `MULTI_TAG`. */
  topicFilterType: string;
  topicSysFlag: number;
  order: boolean;
  /** 5.x topic attributes (e.g. `message.type`). */
  attributes?: Record<string, string>;
}

export function topicConfigFromJson(v: JsonValue, path: string): TopicConfig {
  const o = asObject(v, path);
  const out: TopicConfig = {
    topicName: str(o, 'topicName', path),
    readQueueNums: num(o, 'readQueueNums', path),
    writeQueueNums: num(o, 'writeQueueNums', path),
    perm: num(o, 'perm', path),
    topicFilterType: o.topicFilterType === undefined ? 'SINGLE_TAG' : str(o, 'topicFilterType', path),
    topicSysFlag: num(o, 'topicSysFlag', path),
    order: bool(o, 'order', path),
  };
  if (o.attributes !== undefined && o.attributes !== null) {
    const attrs = entriesOf(o.attributes, `${path}.attributes`);
    out.attributes = Object.fromEntries(attrs.map(([k, x]) => [String(k), stringItem(x, `${path}.attributes.${String(k)}`)]));
  }
  return out;
}

/** The bean a broker writes (attributes as a map in the given order). */
export function topicConfigBean(c: TopicConfig): Record<string, unknown> {
  return { ...c, attributes: c.attributes === undefined ? undefined : new Map(Object.entries(c.attributes)) };
}
