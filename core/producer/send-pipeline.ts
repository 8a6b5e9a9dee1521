import type { SchedulerLike } from 'rxjs';
import type { ClientInstance } from '../client/client-instance.js';
import { ClientError } from '../client/errors.js';
import type { TopicRoute } from '../client/topic-route.js';
import type { MessageQueue } from '../message/message-queue.js';
import type { SendRequest, SendResponse } from '../ports/broker-port.js';
import type { ResolvedProducerOptions } from '../options/option-types.js';
import { ISOLATION_LATENCY_MS, type LatencyFaultTable } from '../strategies/select/latency-fault-table.js';
import { Deadlines, schedulerTimers } from '../util/deadlines.js';
import { AbortControllerPool } from './controller-pool.js';
import { promisedAttempt } from './promised-attempt.js';
import { SendError } from './errors.js';
import type { ReportProducerEvent } from './events.js';
import type { PreparedMessage } from './prepare.js';
import { isTransportFailure } from './retry-policy.js';
import { type AttemptHost, SendAttemptPlan } from './send-attempt-plan.js';
import { type AttemptSettled, sendWithRetriesCallback } from './send-attempts.js';
import type { Abandonable, SendTicket } from './send-ticket.js';

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

/**
 * `plan` for a batch envelope. Named fields rather than `{ ...plan, batch, msgId }`: on Node 20 a spread of a fresh
 * object followed by new keys makes a new hidden class per call, which every later read of the plan then misses.
 */
export function batchPlan(plan: SendPlan, batch: SendRequest['batch'], msgId: string): SendPlan {
  return { timeoutMs: plan.timeoutMs, maxAttempts: plan.maxAttempts, pick: plan.pick, batch, msgId };
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
 * the `TBW102` fallback), queue choice through the plan's `pick`, one request per attempt with its own timeout,
 * cancelled when the send is abandoned, retries on another broker for timeouts and retriable codes,
 * and the latency fault table fed with every attempt's latency. Oneway sends take the route and one queue.
 */
export class SendPipeline {
  /** Signals of settled requests through a port without `sendTo`, reused (see {@link AbortControllerPool}). */
  private readonly controllers = new AbortControllerPool();
  /** The timeouts of the attempts in flight (one timer per delay, not one per attempt). */
  private readonly deadlines: Deadlines;

  private readonly attemptHost: AttemptHost;
  /** The master address {@link masterAddr} found last, with the route and broker it is of. */
  private lastMaster: { readonly route: TopicRoute; readonly brokerName: string; readonly addr: string } | undefined;

  constructor(private readonly ctx: PipelineContext) {
    this.deadlines = new Deadlines(schedulerTimers(ctx.scheduler));
    this.attemptHost = this.attemptHostOf(ctx);
  }

  /**
   * The callback core of a send (no Observable per send): the route, then the attempts with retries per the plan;
   * the result goes to `ticket.resolve`, a failure to `ticket.reject`. Abandoning the ticket aborts the request.
   */
  send(prepared: PreparedMessage, plan: SendPlan, ticket: SendTicket): void {
    // A known route at once, without a closure per send; else through withRoute.
    const known = this.knownRoute(prepared.topic);
    if (known !== undefined) return this.attempts(prepared, plan, known, ticket);
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
    const known = this.knownRoute(topic);
    if (known !== undefined) {
      then(known);
      return;
    }
    this.route(topic).then(then, (error: unknown) => ticket.reject(error));
  }

  /**
   * The route of `topic` when one is at hand with a queue to write to: its own, or the template topic's made for it
   * (a topic the broker creates on its first message is sent to through that one until its own route exists).
   */
  private knownRoute(topic: string): TopicRoute | undefined {
    const known = this.ctx.instance.routes.publishable(topic);
    return known !== undefined && known.publishQueues.length > 0 ? known : undefined;
  }

  private onewayTo(prepared: PreparedMessage, plan: Pick<SendPlan, 'pick'>, route: TopicRoute, ticket: SendTicket<void>): void {
    if (ticket.settled) return;
    const queue = plan.pick(route.publishQueues, undefined);
    if (!queue) return ticket.reject(new SendError('no-route', `no writable queue for topic ${prepared.topic}`, { topic: prepared.topic }));
    const addr = this.masterAddr(route, queue);
    if (addr === undefined) {
      return ticket.reject(new SendError('send-failed', `no master address for broker ${queue.brokerName}`, { brokerName: queue.brokerName, queue }));
    }
    this.ctx.instance.port.sendOneway(addr, this.request(prepared, queue, {}, this.ctx.scheduler.now())).then(
      () => ticket.resolve(),
      (error: unknown) => ticket.reject(error),
    );
  }

  private attempts(prepared: PreparedMessage, plan: SendPlan, route: TopicRoute, ticket: SendTicket): void {
    sendWithRetriesCallback<SendResponse>(new SendAttemptPlan(this.attemptHost, prepared, plan, route, ticket), ticket);
  }

  /** What every send's {@link SendAttemptPlan} uses of this pipeline (built once). */
  private attemptHostOf(ctx: PipelineContext): AttemptHost {
    return {
      scheduler: ctx.scheduler,
      deadlines: this.deadlines,
      retryAnotherBroker: ctx.options.retryAnotherBroker,
      retryWhenNotStored: ctx.options.retryAnotherBrokerWhenNotStoreOk,
      // Only the latency fault table uses an answered attempt; failures are reported either way.
      settlesAnswers: ctx.faultTable !== undefined,
      masterAddr: (route, queue) => this.masterAddr(route, queue),
      // The port's callback form when it has one; else its Promise, bridged.
      requestTo: (prepared, plan, queue, addr, timeoutMs, born, reply) => {
        const port = ctx.instance.port;
        const req = this.request(prepared, queue, plan, born);
        if (port.sendTo !== undefined) return port.sendTo(addr, req, timeoutMs, reply);
        return promisedAttempt(port, addr, req, timeoutMs, this.controllers, reply);
      },
      settled: (topic, s) => this.settled(topic, s),
    };
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
    // A route never changes (a new route is a new object): its last answer holds for the same route and broker.
    const last = this.lastMaster;
    if (last !== undefined && last.route === route && last.brokerName === queue.brokerName) return last.addr;
    const addr = route.brokers.get(queue.brokerName)?.['0'];
    if (addr === undefined) return this.ctx.instance.routes.masterAddr(queue.brokerName);
    this.lastMaster = { route, brokerName: queue.brokerName, addr };
    return addr;
  }

  /** The request of one attempt; `bornTimestamp` is when the attempt began (Java sets it as it builds the request). */
  private request(prepared: PreparedMessage, queue: MessageQueue, plan: Pick<SendPlan, 'batch'>, bornTimestamp: number): SendRequest {
    const { options } = this.ctx;
    const req: SendRequest = {
      producerGroup: this.ctx.group,
      topic: prepared.topic,
      defaultTopic: options.createTopicKey,
      defaultTopicQueueNums: options.defaultTopicQueueNums,
      queueId: queue.queueId,
      sysFlag: prepared.sysFlag,
      bornTimestamp,
      flag: prepared.flag,
      properties: prepared.properties,
      reconsumeTimes: 0,
      brokerName: queue.brokerName,
      body: prepared.body,
    };
    if (plan.batch) req.batch = plan.batch;
    return req;
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
