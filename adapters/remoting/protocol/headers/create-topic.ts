import { defineHeader, type HeaderExtras } from './field-spec.js';
import { headerClass } from './java-classes.js';

/** UPDATE_AND_CREATE_TOPIC (17) request header (admin → broker). */
export interface CreateTopicRequestHeader extends HeaderExtras {
  topic: string;
  /** Template topic, `TBW102`. */
  defaultTopic: string;
  readQueueNums: number;
  writeQueueNums: number;
  /** Permission bits (6 = read + write). */
  perm: number;
  /** `SINGLE_TAG` or `MULTI_TAG`. */
  topicFilterType: string;
  topicSysFlag?: number;
  /** Ordered topic (Java initialises it to false, so it is always sent). */
  order?: boolean;
}

/** Codec of {@link CreateTopicRequestHeader}. */
export const createTopicRequestCodec = defineHeader<CreateTopicRequestHeader>({
  name: 'CreateTopicRequestHeader',
  javaClass: headerClass('CreateTopicRequestHeader'),
  fields: [
    { field: 'topic', key: 'topic', type: 'string', required: true },
    { field: 'defaultTopic', key: 'defaultTopic', type: 'string', required: true },
    { field: 'readQueueNums', key: 'readQueueNums', type: 'int', required: true },
    { field: 'writeQueueNums', key: 'writeQueueNums', type: 'int', required: true },
    { field: 'perm', key: 'perm', type: 'int', required: true },
    { field: 'topicFilterType', key: 'topicFilterType', type: 'string', required: true },
    { field: 'topicSysFlag', key: 'topicSysFlag', type: 'int', required: false },
    { field: 'order', key: 'order', type: 'boolean', required: true, javaDefault: false },
  ],
});

/** {@link createTopicRequestCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeCreateTopicRequest = createTopicRequestCodec.encode;
/** {@link createTopicRequestCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeCreateTopicRequest = createTopicRequestCodec.decode;
