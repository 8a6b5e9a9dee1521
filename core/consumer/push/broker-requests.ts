import { catchError, firstValueFrom, map, of } from 'rxjs';
import type { ConsumerRequestHandler } from '../../client/broker-requests.js';
import type { MessageQueue } from '../../message/message-queue.js';
import type { ReceivedMessage } from '../../message/received-message.js';
import type { ConsumeDirectlyResult, ConsumerRunningInfoData, PulledMessage, ResetOffsetRequest } from '../../ports/broker-port.js';
import type { ConsumeFn } from './handlers.js';

/** What the answers to broker requests need from the consumer. */
export interface BrokerRequestContext {
  readonly orderly: boolean;
  readonly now: () => number;
  /** NOTIFY_CONSUMER_IDS_CHANGED. */
  rebalanceNow(): void;
  /** RESET_CONSUMER_CLIENT_OFFSET: restart the owned queues of `topic` at the given offsets. */
  resetOffsets(topic: string, offsets: readonly { queue: MessageQueue; offset: number }[]): void;
  runningInfo(): ConsumerRunningInfoData;
  /** The consumer's view of a message pushed by the broker. */
  toMessage(message: PulledMessage, queue: MessageQueue): ReceivedMessage;
  /** The handler, bounded by the consume timeout. */
  readonly consume: ConsumeFn;
}

/**
 * The consumer's answers to broker-pushed requests (shared/protocol §4.15), registered with the client instance:
 * rebalance on NOTIFY_CONSUMER_IDS_CHANGED, reset offsets and continue from them, running info, and CONSUME_MESSAGE_DIRECTLY
 * (the handler runs once on the message; no retry, no offset change).
 */
export function consumerRequestHandler(ctx: BrokerRequestContext): ConsumerRequestHandler {
  return {
    notifyConsumerIdsChanged: () => ctx.rebalanceNow(),
    resetOffset: (req: ResetOffsetRequest) => ctx.resetOffsets(req.topic, req.offsets),
    runningInfo: () => ctx.runningInfo(),
    consumeMessageDirectly: (message, brokerName) => consumeDirectly(ctx, message, brokerName),
  };
}

async function consumeDirectly(ctx: BrokerRequestContext, pulled: PulledMessage, brokerName?: string): Promise<ConsumeDirectlyResult> {
  const queue = { topic: pulled.topic, brokerName: brokerName ?? '', queueId: pulled.queueId };
  const message = ctx.toMessage(pulled, queue);
  const startedAt = ctx.now();
  const outcome = await firstValueFrom(
    ctx.consume([message]).pipe(
      map((n) => (n >= 1 ? { result: 'CR_SUCCESS' as const } : { result: 'CR_LATER' as const })),
      catchError((error: unknown) => of({ result: 'CR_THROW_EXCEPTION' as const, remark: describe(error) })),
    ),
    { defaultValue: { result: 'CR_SUCCESS' as const } },
  );
  const result: ConsumeDirectlyResult = {
    order: ctx.orderly,
    autoCommit: true,
    consumeResult: outcome.result,
    spentTimeMills: ctx.now() - startedAt,
  };
  return 'remark' in outcome ? { ...result, remark: outcome.remark } : result;
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
