import type { SchedulerLike } from 'rxjs';
import type { TopicRoute } from '../client/topic-route.js';
import type { MessageQueue } from '../message/message-queue.js';
import type { Deadlines } from '../util/deadlines.js';
import type { Cancelable, Reply, SendResponse } from '../ports/broker-port.js';
import type { PreparedMessage } from './prepare.js';
import { isRetriableSendError } from './retry-policy.js';
import type { AttemptSettled, CallbackRetryPlan } from './send-attempts.js';
import type { SendPlan } from './send-pipeline.js';
import { sendResultOf } from './send-result.js';
import type { SendTicket } from './send-ticket.js';

/** What a send's attempts use of their pipeline (shared by every send). */
export interface AttemptHost {
  readonly scheduler: SchedulerLike;
  readonly deadlines: Deadlines;
  readonly retryAnotherBroker: boolean;
  readonly retryWhenNotStored: boolean;
  /** Whether answered attempts are reported to `settled` (the latency fault table times them). */
  readonly settlesAnswers: boolean;
  masterAddr(route: TopicRoute, queue: MessageQueue): string | undefined;
  /** One SEND_MESSAGE_V2 / SEND_BATCH_MESSAGE to `addr` for `queue`, its outcome given to `reply`; cancelled when abandoned. */
  requestTo(prepared: PreparedMessage, plan: SendPlan, queue: MessageQueue, addr: string, timeoutMs: number, bornTimestamp: number, reply: Reply<SendResponse>): Cancelable;
  /** Every attempt's outcome (the latency fault table, the events). */
  settled(topic: string, s: AttemptSettled<unknown>): void;
}

/**
 * One send's retry plan as one object with its methods on the prototype (one allocation per send, where a literal
 * plan made eight closures): queue choice through the send plan's `pick` (avoiding the broker that just failed when
 * the options say so), the broker's master address, one request per attempt, Java's retry rules, and the answer
 * turned into the caller's {@link SendResult}.
 */
export class SendAttemptPlan implements CallbackRetryPlan<SendResponse> {
  readonly topic: string;
  readonly maxAttempts: number;
  readonly timeoutMs: number;
  readonly scheduler: SchedulerLike;
  readonly deadlines: Deadlines;
  readonly settlesAnswers: boolean;

  constructor(
    private readonly host: AttemptHost,
    private readonly prepared: PreparedMessage,
    private readonly plan: SendPlan,
    private readonly route: TopicRoute,
    private readonly ticket: SendTicket,
  ) {
    this.topic = prepared.topic;
    this.maxAttempts = plan.maxAttempts;
    this.timeoutMs = plan.timeoutMs;
    this.scheduler = host.scheduler;
    this.deadlines = host.deadlines;
    this.settlesAnswers = host.settlesAnswers;
  }

  select(last: string | undefined): MessageQueue | undefined {
    return this.plan.pick(this.route.publishQueues, this.host.retryAnotherBroker ? last : undefined);
  }

  addressOf(queue: MessageQueue): string | undefined {
    return this.host.masterAddr(this.route, queue);
  }

  attempt(queue: MessageQueue, addr: string, timeoutMs: number, startedAt: number, reply: Reply<SendResponse>): Cancelable {
    return this.host.requestTo(this.prepared, this.plan, queue, addr, timeoutMs, startedAt, reply);
  }

  isRetriable(error: unknown): boolean {
    return isRetriableSendError(error);
  }

  retryValue(response: SendResponse): boolean {
    return this.host.retryWhenNotStored && response.status !== 'SEND_OK';
  }

  onSettled(settled: AttemptSettled<SendResponse>): void {
    this.host.settled(this.prepared.message.topic, settled);
  }

  done(response: SendResponse, queue: MessageQueue): void {
    const { prepared, plan } = this;
    const stored = { topic: prepared.message.topic, brokerName: queue.brokerName, queueId: response.queueId };
    this.ticket.resolve(sendResultOf(response.status, plan.msgId ?? prepared.uniqKey, response.offsetMsgId, stored, response.queueOffset, response));
  }
}
