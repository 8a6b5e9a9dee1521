import type { SchedulerLike } from 'rxjs';
import type { ClientInstance } from '../client/client-instance.js';
import { ClientError } from '../client/errors.js';
import type { TopicRoute } from '../client/topic-route.js';
import type { MessageQueue } from '../message/message-queue.js';
import type { SendRequest, SendResponse } from '../ports/broker-port.js';
import type { ResolvedProducerOptions } from '../options/option-types.js';
import { ISOLATION_LATENCY_MS, type LatencyFaultTable } from '../strategies/select/latency-fault-table.js';
import { AbortControllerPool } from './controller-pool.js';
import { SendError } from './errors.js';
import type { ReportProducerEvent } from './events.js';
import type { PreparedMessage } from './prepare.js';
import { isRetriableSendError, isTransportFailure } from './retry-policy.js';
import { type AttemptSettled, sendWithRetriesCallback } from './send-attempts.js';
import type { Abandonable, SendTicket } from './send-ticket.js';
import type { SendResult } from './send-result.js';

/** A broker's answer and the queue it came from. */
interface Answer {
  readonly response: SendResponse;
  readonly queue: MessageQueue;
}

/** Picks a send's queue from the route's publish queues; `lastBrokerName` is set on retries. */
export type PickQueue = (queues: readonly MessageQueue[], lastBrokerName: string | undefined) => MessageQueue | undefined;

/** How one send goes out. */
export interface SendPlan {
  readonly timeoutMs: number;
  /** 1 + retries; orderly sends and oneway sends make one attempt. */
  readonly maxAttempts: number;
  readonly pick: PickQueue;
  /** The batch items (SEND_BATCH_MESSAGE) when the prepared message is a batch envelope. */
  readonly batch?: SendRequest['batch'];
  /** The `msgId` reported in the result (comma-joined ids for a batch). */
  readonly msgId?: string;
}

/** What the pipeline needs from its producer. */
export interface PipelineContext {
  readonly group: string;
  readonly options: ResolvedProducerOptions;
  readonly instance: ClientInstance;
  readonly scheduler: SchedulerLike;
  readonly faultTable: LatencyFaultTable | undefined;
  readonly report: ReportProducerEvent;
}

/**
 * The route → queue → send → retry part of a send, as plain callbacks around the send's ticket: route lookup (with
 * the `TBW102` fallback), queue choice through the plan's `pick`, one request per attempt with its own timeout and
 * an AbortSignal that fires when the send is abandoned, retries on another broker for timeouts and retriable codes,
 * and the latency fault table fed with every attempt's latency. Oneway sends take the route and one queue.
 */
export class SendPipeline {
  /** Signals of settled requests, reused (see {@link AbortControllerPool}). */
  private readonly controllers = new AbortControllerPool();

  constructor(private readonly ctx: PipelineContext) {}

  /**
   * The callback core of a send (no Observable per send): the route, then the attempts with retries per the plan;
   * the result goes to `ticket.resolve`, a failure to `ticket.reject`. Abandoning the ticket aborts the request.
   */
  send(prepared: PreparedMessage, plan: SendPlan, ticket: SendTicket): void {
    this.withRoute(prepared.topic, ticket, (route) => this.attempts(prepared, plan, route, ticket));
  }

  /**
   * A oneway send (like the Java oneway send): the route, one queue from the plan's `pick`, one request without an
   * answer, no retry; `ticket` resolves once the request is handed to the connection.
   */
  oneway(prepared: PreparedMessage, plan: Pick<SendPlan, 'pick'>, ticket: SendTicket<void>): void {
    this.withRoute(prepared.topic, ticket, (route) => {
      try {
        this.onewayTo(prepared, plan, route, ticket);
      } catch (error) {
        ticket.reject(error);
      }
    });
  }

  /** Runs `then` with the route of `topic`: the known one at once (no Promise per send), else once looked up. */
  private withRoute(topic: string, ticket: Abandonable, then: (route: TopicRoute) => void): void {
    const known = this.ctx.instance.routes.current(topic);
    if (known && known.publishQueues.length > 0) {
      then(known);
      return;
    }
    this.route(topic).then(then, (error: unknown) => ticket.reject(error));
  }

  private onewayTo(prepared: PreparedMessage, plan: Pick<SendPlan, 'pick'>, route: TopicRoute, ticket: SendTicket<void>): void {
    if (ticket.settled) return;
    const queue = plan.pick(route.publishQueues, undefined);
    if (!queue) return ticket.reject(new SendError('no-route', `no writable queue for topic ${prepared.topic}`, { topic: prepared.topic }));
    const addr = this.masterAddr(route, queue);
    if (addr === undefined) {
      return ticket.reject(new SendError('send-failed', `no master address for broker ${queue.brokerName}`, { brokerName: queue.brokerName, queue }));
    }
    this.ctx.instance.port.sendOneway(addr, this.request(prepared, queue, {})).then(
      () => ticket.resolve(),
      (error: unknown) => ticket.reject(error),
    );
  }

  private attempts(prepared: PreparedMessage, plan: SendPlan, route: TopicRoute, ticket: SendTicket): void {
    const { options, instance, scheduler } = this.ctx;
    const port = instance.port;
    sendWithRetriesCallback<SendResponse>(
      {
        topic: prepared.topic,
        maxAttempts: plan.maxAttempts,
        timeoutMs: plan.timeoutMs,
        scheduler,
        controllers: this.controllers,
        select: (last) => plan.pick(route.publishQueues, options.retryAnotherBroker ? last : undefined),
        addressOf: (queue) => this.masterAddr(route, queue),
        attempt: (queue, addr, timeoutMs, signal) => port.send(addr, this.request(prepared, queue, plan), { timeoutMs, signal }),
        isRetriable: isRetriableSendError,
        retryValue: (response) => options.retryAnotherBrokerWhenNotStoreOk && response.status !== 'SEND_OK',
        onSettled: (s) => this.settled(prepared.message.topic, s),
        done: (response, queue) => ticket.resolve(this.result(prepared, plan, { response, queue })),
      },
      ticket,
    );
  }

  private async route(topic: string): Promise<TopicRoute> {
    const { instance, options } = this.ctx;
    try {
      return await instance.routes.publishRoute(topic, options.defaultTopicQueueNums, options.createTopicKey);
    } catch (error) {
      if (error instanceof ClientError && error.kind === 'no-route') throw new SendError('no-route', error.message, { topic }, { cause: error.cause });
      throw error;
    }
  }

  private masterAddr(route: TopicRoute, queue: MessageQueue): string | undefined {
    return route.brokers.get(queue.brokerName)?.['0'] ?? this.ctx.instance.routes.masterAddr(queue.brokerName);
  }

  private request(prepared: PreparedMessage, queue: MessageQueue, plan: Pick<SendPlan, 'batch'>): SendRequest {
    const { options } = this.ctx;
    const req: SendRequest = {
      producerGroup: this.ctx.group,
      topic: prepared.topic,
      defaultTopic: options.createTopicKey,
      defaultTopicQueueNums: options.defaultTopicQueueNums,
      queueId: queue.queueId,
      sysFlag: prepared.sysFlag,
      bornTimestamp: this.ctx.scheduler.now(),
      flag: prepared.flag,
      properties: prepared.properties,
      reconsumeTimes: 0,
      brokerName: queue.brokerName,
      body: prepared.body,
    };
    return plan.batch ? { ...req, batch: plan.batch } : req;
  }

  private result(prepared: PreparedMessage, plan: SendPlan, { response, queue }: Answer): SendResult {
    const brokerName = queue.brokerName;
    const base: SendResult = {
      status: response.status,
      msgId: plan.msgId ?? prepared.uniqKey,
      offsetMsgId: response.offsetMsgId,
      queue: { topic: prepared.message.topic, brokerName, queueId: response.queueId },
      queueOffset: response.queueOffset,
    };
    return {
      ...base,
      ...(response.transactionId === undefined ? {} : { transactionId: response.transactionId }),
      ...(response.regionId === undefined ? {} : { regionId: response.regionId }),
    };
  }

  private settled(topic: string, s: AttemptSettled<unknown>): void {
    const { faultTable, report } = this.ctx;
    if (faultTable) {
      const isolated = s.error !== undefined && isTransportFailure(s.error);
      faultTable.update(s.queue.brokerName, s.latencyMs, isolated);
      const durationMs = faultTable.notAvailableDurationFor(isolated ? ISOLATION_LATENCY_MS : s.latencyMs);
      if (durationMs > 0) report({ type: 'broker-isolated', brokerName: s.queue.brokerName, latencyMs: s.latencyMs, durationMs });
    }
    if (s.error !== undefined) {
      report({ type: 'send-attempt-failed', topic, attempt: s.attempt, queue: s.queue, latencyMs: s.latencyMs, error: s.error, retrying: s.retrying });
    }
  }
}
