import { catchError, defer, from, map, type Observable, of } from 'rxjs';
import type { MessageQueue } from '../../message/message-queue.js';
import type { ReceivedMessage } from '../../message/received-message.js';
import type { BrokerPort, SendRequest } from '../../ports/broker-port.js';
import { CLIENT_INNER_PRODUCER_GROUP } from '../../client/heartbeat.js';
import { buildRetryCopy, type RetryPolicy } from '../retry-policy.js';
import { ConsumerError } from './errors.js';
import type { ReportConsumerEvent } from './events.js';
import { TEMPLATE_TOPIC, wrapNamespace } from '../../message/namespace.js';
import type { ConsumerCounters } from './stats.js';

/** What sending a failed message back needs. */
export interface FailureContext {
  /** The (namespaced) consumer group. */
  readonly group: string;
  readonly namespace: string | undefined;
  readonly policy: RetryPolicy;
  readonly port: () => Pick<BrokerPort, 'sendMessageBack' | 'send'>;
  readonly masterAddr: (brokerName: string) => string | undefined;
  /** A writable queue of `%RETRY%<group>`, for the fallback copy. */
  readonly retryQueue: () => MessageQueue | undefined;
  readonly requestTimeoutMs: number;
  readonly now: () => number;
  readonly report: ReportConsumerEvent;
  readonly counters: ConsumerCounters;
}

/** What to send back: the message, its current reconsume count and the delay level (0, −1 for the DLQ, or > 0). */
export interface SendBackInput {
  readonly message: ReceivedMessage;
  readonly reconsumeTimes: number;
  readonly delayLevel: number;
}

/**
 * Hands a failed message back to the broker it came from (Java `sendMessageBack`): CONSUMER_SEND_MSG_BACK with the
 * message's commit-log offset, delay level and `maxReconsumeTimes`; if that fails, a copy produced to
 * `%RETRY%<group>` (RETRY_TOPIC, ORIGIN_MESSAGE_ID, RECONSUME_TIME + 1, MAX_RECONSUME_TIMES, DELAY), which the broker
 * diverts to `%DLQ%<group>` when the count is past the maximum. Emits whether the broker took the message; a
 * `false` is reported as `send-back-failed` and the caller retries locally.
 */
export function sendBack$(ctx: FailureContext, input: SendBackInput): Observable<boolean> {
  return defer(() => from(sendMessageBack(ctx, input))).pipe(
    map(() => true),
    catchError((first: unknown) =>
      defer(() => from(produceRetryCopy(ctx, input))).pipe(
        map(() => true),
        catchError((second: unknown) => {
          ctx.report({ type: 'send-back-failed', queue: input.message.queue, msgId: input.message.msgId, error: second ?? first });
          return of(false);
        }),
      ),
    ),
  );
}

function addrOf(ctx: FailureContext, brokerName: string): string {
  const addr = ctx.masterAddr(brokerName);
  if (addr === undefined) throw new ConsumerError('broker-not-found', `no master address known for broker ${brokerName}`, { brokerName });
  return addr;
}

async function sendMessageBack(ctx: FailureContext, { message, delayLevel }: SendBackInput): Promise<void> {
  const brokerName = message.queue.brokerName;
  await ctx.port().sendMessageBack(
    addrOf(ctx, brokerName),
    {
      offset: message.commitLogOffset,
      group: ctx.group,
      delayLevel,
      originMsgId: message.msgId,
      originTopic: wrapNamespace(ctx.namespace, message.topic),
      maxReconsumeTimes: ctx.policy.maxReconsumeTimes,
      brokerName,
    },
    { timeoutMs: ctx.requestTimeoutMs },
  );
}

async function produceRetryCopy(ctx: FailureContext, { message, reconsumeTimes }: SendBackInput): Promise<void> {
  const queue = ctx.retryQueue();
  if (!queue) throw new ConsumerError('broker-not-found', `no route known for the retry topic of ${ctx.group}`, { group: ctx.group });
  // The property maps are getters of the message, which a spread does not copy.
  const { properties, systemProperties } = message;
  const source = { ...message, properties, systemProperties, topic: wrapNamespace(ctx.namespace, message.topic), reconsumeTimes, body: message.body, msgId: message.msgId };
  const copy = buildRetryCopy(source, ctx.group, { reconsumeTimes: reconsumeTimes + 1, maxReconsumeTimes: ctx.policy.maxReconsumeTimes });
  const request: SendRequest = {
    producerGroup: CLIENT_INNER_PRODUCER_GROUP,
    topic: copy.topic,
    // The template topic a producer names in every send (the broker auto-creates from it).
    defaultTopic: TEMPLATE_TOPIC,
    defaultTopicQueueNums: 4,
    queueId: queue.queueId,
    sysFlag: 0,
    bornTimestamp: ctx.now(),
    flag: copy.flag,
    properties: { ...copy.properties },
    reconsumeTimes: reconsumeTimes + 1,
    maxReconsumeTimes: ctx.policy.maxReconsumeTimes,
    brokerName: queue.brokerName,
    body: copy.body,
  };
  await ctx.port().send(addrOf(ctx, queue.brokerName), request, { timeoutMs: ctx.requestTimeoutMs });
}
