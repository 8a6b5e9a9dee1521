/** Client request handlers that record every call, so a test can wait for the one it expects. */
import { filter, firstValueFrom, ReplaySubject } from 'rxjs';
import type {
  CheckTransactionRequest,
  ClientRequestHandlers,
  ConsumeDirectlyResult,
  ConsumerRunningInfoData,
  PulledMessage,
  ResetOffsetRequest,
} from '../../../../core/ports/broker-port.js';

export type HandlerCall =
  | { method: 'checkTransactionState'; req: CheckTransactionRequest }
  | { method: 'notifyConsumerIdsChanged'; group: string }
  | { method: 'resetOffset'; req: ResetOffsetRequest }
  | { method: 'consumerRunningInfo'; group: string }
  | { method: 'consumeMessageDirectly'; group: string; message: PulledMessage; brokerName: string | undefined };

export class RecordingHandlers implements ClientRequestHandlers {
  private readonly calls = new ReplaySubject<HandlerCall>();
  readonly runningInfo = new Map<string, ConsumerRunningInfoData>();
  directResult: ConsumeDirectlyResult = { order: false, autoCommit: true, consumeResult: 'CR_SUCCESS', remark: 'done', spentTimeMills: 7 };

  /** The first recorded call of `method` (waits for it). */
  next<M extends HandlerCall['method']>(method: M): Promise<Extract<HandlerCall, { method: M }>> {
    return firstValueFrom(this.calls.pipe(filter((c): c is Extract<HandlerCall, { method: M }> => c.method === method)));
  }

  checkTransactionState(req: CheckTransactionRequest): void {
    this.calls.next({ method: 'checkTransactionState', req });
  }

  notifyConsumerIdsChanged(group: string): void {
    this.calls.next({ method: 'notifyConsumerIdsChanged', group });
  }

  resetOffset(req: ResetOffsetRequest): void {
    this.calls.next({ method: 'resetOffset', req });
  }

  consumerRunningInfo(group: string): ConsumerRunningInfoData | undefined {
    this.calls.next({ method: 'consumerRunningInfo', group });
    return this.runningInfo.get(group);
  }

  async consumeMessageDirectly(group: string, message: PulledMessage, brokerName?: string): Promise<ConsumeDirectlyResult> {
    this.calls.next({ method: 'consumeMessageDirectly', group, message, brokerName });
    return this.directResult;
  }
}
