import { ResponseCode } from '../../remoting/protocol/codes.js';

/**
 * Engine results carry the RocketMQ response code the remoting server answers with, plus the fields of the response
 * header and body. A failure is `{ code, remark }`, the remark saying what was wrong (the real broker's text).
 */
export type ResponseCodeValue = (typeof ResponseCode)[keyof typeof ResponseCode];
export type FailureCode = Exclude<ResponseCodeValue, typeof ResponseCode.SUCCESS>;

export interface Failure<C extends FailureCode = FailureCode> {
  readonly code: C;
  readonly remark: string;
}

/** A bare SUCCESS (responses without header fields or body). */
export interface Done {
  readonly code: typeof ResponseCode.SUCCESS;
}

export const DONE: Done = Object.freeze({ code: ResponseCode.SUCCESS });

export function failure<C extends FailureCode>(code: C, remark: string): Failure<C> {
  return { code, remark };
}

/** True for a result that is not SUCCESS. */
export function isFailure<T extends { readonly code: number }>(outcome: T): outcome is Extract<T, Failure> {
  return outcome.code !== ResponseCode.SUCCESS;
}

/** Java `FAQUrl.suggestTodo(…)` as a 4.9.8 broker appends it to remarks. */
export const FAQ_SUFFIX = '\nSee http://rocketmq.apache.org/docs/faq/ for further details.';

/** `SYSTEM_ERROR` with the text of an unexpected exception, as Java's request dispatcher answers one. */
export function systemError(err: unknown): Failure<typeof ResponseCode.SYSTEM_ERROR> {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return failure(ResponseCode.SYSTEM_ERROR, text);
}
