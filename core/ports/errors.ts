import { RocketMQError } from '../errors.js';

/** A broker or name server answered with a response code the caller did not expect. */
export class BrokerResponseError extends RocketMQError {
  declare readonly kind: 'broker-response';
  readonly code: number;
  readonly remark: string | undefined;
  readonly retriable: boolean;

  constructor(
    code: number,
    codeName: string,
    remark: string | undefined,
    context: { address?: string; requestCode?: number; brokerName?: string; queueId?: number; retriable: boolean },
  ) {
    super('broker-response', `${codeName} (${code})${remark ? `: ${remark}` : ''}`, { ...context, code, codeName, remark });
    this.code = code;
    this.remark = remark;
    this.retriable = context.retriable;
  }
}

export const isBrokerResponseError = (e: unknown): e is BrokerResponseError =>
  e instanceof RocketMQError && e.kind === 'broker-response';
