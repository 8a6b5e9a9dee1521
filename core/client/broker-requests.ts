import type {
  CheckTransactionRequest,
  ClientRequestHandlers,
  ConsumeDirectlyResult,
  ConsumerRunningInfoData,
  PulledMessage,
  ResetOffsetRequest,
} from '../ports/broker-port.js';
import { ClientError } from './errors.js';
import type { ReportEvent } from './events.js';

/** What a consumer answers when its brokers push requests to the client (shared/protocol §4.15). */
export interface ConsumerRequestHandler {
  /** NOTIFY_CONSUMER_IDS_CHANGED: rebalance now. */
  notifyConsumerIdsChanged(): void;
  /** RESET_CONSUMER_CLIENT_OFFSET. */
  resetOffset(req: ResetOffsetRequest): void;
  /** GET_CONSUMER_RUNNING_INFO. */
  runningInfo(): ConsumerRunningInfoData;
  /** CONSUME_MESSAGE_DIRECTLY. */
  consumeMessageDirectly(message: PulledMessage, brokerName?: string): Promise<ConsumeDirectlyResult>;
}

/** What a producer answers: CHECK_TRANSACTION_STATE for its group (matched by the half message's `PGROUP`). */
export interface ProducerRequestHandler {
  checkTransactionState(req: CheckTransactionRequest): void;
}

const PRODUCER_GROUP_PROPERTY = 'PGROUP';

/**
 * Routes broker-pushed requests to the producer or consumer of the group they name. The client instance installs
 * one router on its port (`port.setHandlers(router)`); producers and consumers register and unregister handlers.
 * Requests for unknown groups are reported as `broker-request-unhandled` events.
 */
export class BrokerRequestRouter implements ClientRequestHandlers {
  private readonly producers = new Map<string, ProducerRequestHandler>();
  private readonly consumers = new Map<string, ConsumerRequestHandler>();

  constructor(private readonly report: ReportEvent) {}

  setProducer(group: string, handler: ProducerRequestHandler | undefined): void {
    if (handler) this.producers.set(group, handler);
    else this.producers.delete(group);
  }

  setConsumer(group: string, handler: ConsumerRequestHandler | undefined): void {
    if (handler) this.consumers.set(group, handler);
    else this.consumers.delete(group);
  }

  checkTransactionState(req: CheckTransactionRequest): void {
    const group = req.message.properties[PRODUCER_GROUP_PROPERTY];
    const handler = group === undefined ? undefined : this.producers.get(group);
    if (handler) this.guard('CHECK_TRANSACTION_STATE', group, () => handler.checkTransactionState(req));
    else this.report({ type: 'broker-request-unhandled', request: 'CHECK_TRANSACTION_STATE', group });
  }

  notifyConsumerIdsChanged(group: string): void {
    const handler = this.consumers.get(group);
    if (handler) this.guard('NOTIFY_CONSUMER_IDS_CHANGED', group, () => handler.notifyConsumerIdsChanged());
    else this.report({ type: 'broker-request-unhandled', request: 'NOTIFY_CONSUMER_IDS_CHANGED', group });
  }

  resetOffset(req: ResetOffsetRequest): void {
    const handler = this.consumers.get(req.group);
    if (handler) this.guard('RESET_CONSUMER_CLIENT_OFFSET', req.group, () => handler.resetOffset(req));
    else this.report({ type: 'broker-request-unhandled', request: 'RESET_CONSUMER_CLIENT_OFFSET', group: req.group });
  }

  consumerRunningInfo(group: string): ConsumerRunningInfoData | undefined {
    return this.consumers.get(group)?.runningInfo();
  }

  consumeMessageDirectly(group: string, message: PulledMessage, brokerName?: string): Promise<ConsumeDirectlyResult> {
    const handler = this.consumers.get(group);
    if (!handler) {
      return Promise.reject(new ClientError('unknown-group', `no consumer of group ${group} in this client`, { group }));
    }
    return handler.consumeMessageDirectly(message, brokerName);
  }

  /** A handler that throws must not break the adapter's dispatch: report it instead. */
  private guard(request: string, group: string | undefined, run: () => void): void {
    try {
      run();
    } catch (error) {
      this.report({ type: 'broker-request-unhandled', request, group, error });
    }
  }
}
