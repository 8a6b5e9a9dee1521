import { ResponseCode } from '../../remoting/protocol/codes.js';
import type { ResolvedBrokerConfig } from './config.js';
import { checkHeader } from './header-check.js';
import { DONE, failure, type Done, type Failure } from './outcome.js';
import { checkNotSystemTopic, validateTopic } from './topic-names.js';
import type { TopicTable } from './topic-table.js';

/** UPDATE_AND_CREATE_TOPIC header (shared/protocol §4.14). */
export interface CreateTopicRequest {
  topic: string;
  defaultTopic?: string;
  readQueueNums: number;
  writeQueueNums: number;
  perm: number;
  topicFilterType?: string;
  topicSysFlag?: number;
  order?: boolean;
}

const HEADER = { strings: ['topic'], integers: ['readQueueNums', 'writeQueueNums', 'perm'], optionalIntegers: ['topicSysFlag'] } as const;
/** Largest queue count accepted (the real broker checks nothing; a huge count would only waste memory here). */
const MAX_QUEUES = 1024;

/** Java `AdminBrokerProcessor.updateAndCreateTopic` (4.9.7): validate, refuse system names, create or replace. */
export async function updateAndCreateTopic(topics: TopicTable, config: ResolvedBrokerConfig, req: CreateTopicRequest): Promise<Done | Failure> {
  const bad = checkHeader(req, HEADER);
  if (bad !== undefined) return bad;
  const invalid = validateTopic(req.topic) ?? checkNotSystemTopic(req.topic, [config.clusterName, config.brokerName]);
  if (invalid !== undefined) return invalid;
  for (const [name, n] of [['readQueueNums', req.readQueueNums], ['writeQueueNums', req.writeQueueNums]] as const) {
    if (n < 0 || n > MAX_QUEUES) return failure(ResponseCode.SYSTEM_ERROR, `${name} ${n} is out of range 0..${MAX_QUEUES}`);
  }
  await topics.update({
    topicName: req.topic,
    readQueueNums: req.readQueueNums,
    writeQueueNums: req.writeQueueNums,
    perm: req.perm,
    topicSysFlag: req.topicSysFlag ?? 0,
    order: req.order === true,
  });
  return DONE;
}
