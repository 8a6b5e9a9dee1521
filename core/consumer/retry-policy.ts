import { delayLevelForReconsume } from '../message/delay-levels.js';
import { SystemProperty } from '../message/system-properties.js';
import type { MessageModel } from '../ports/heartbeat.js';
import { RETRY_TOPIC_PREFIX } from '../validation/names.js';

export { DELAY_LEVELS_MS, delayLevelForReconsume, delayMsOfLevel } from '../message/delay-levels.js';

/** The settings the retry decisions depend on (taken from the resolved consumer options). */
export interface RetryPolicy {
  readonly orderly: boolean;
  readonly messageModel: MessageModel;
  readonly maxReconsumeTimes: number;
  /** Delay level used when sending back; 0 lets the broker use 3 + reconsumeTimes. */
  readonly delayLevelWhenNextConsume: number;
  readonly suspendCurrentQueueTimeMs: number;
  readonly sendBackFailedRetryDelayMs: number;
}

/** What to do with a message whose handling failed. */
export type FailureDecision =
  /**
   * Concurrent + clustering: CONSUMER_SEND_MSG_BACK with this delay level and `maxReconsumeTimes`.
   * `deadLetter` is true when the retries are used up; the delay level is then −1, which makes the broker
   * write to `%DLQ%<group>` (it would also do so by itself since reconsumeTimes ≥ maxReconsumeTimes).
   */
  | { readonly action: 'send-back'; readonly delayLevel: number; readonly maxReconsumeTimes: number; readonly deadLetter: boolean }
  /**
   * Orderly, retries used up: produce a copy to `%RETRY%<group>` (see {@link buildRetryCopy}) which the
   * broker diverts to the DLQ; the message then counts as handled.
   */
  | { readonly action: 'dead-letter'; readonly maxReconsumeTimes: number }
  /** Retry in this process after `delayMs`, with the message's reconsume count raised to `reconsumeTimes`. */
  | { readonly action: 'local-retry'; readonly delayMs: number; readonly reconsumeTimes: number }
  /** Broadcasting consumers do not retry: report the message in an event and move on. */
  | { readonly action: 'drop'; readonly reason: 'broadcasting' | 'retries-exhausted' };

/** Decides what happens to a message whose handler failed, as the Java consume services do. */
export function decideOnFailure(reconsumeTimes: number, policy: RetryPolicy): FailureDecision {
  const exhausted = reconsumeTimes >= policy.maxReconsumeTimes;
  if (policy.orderly) {
    if (!exhausted) return { action: 'local-retry', delayMs: policy.suspendCurrentQueueTimeMs, reconsumeTimes: reconsumeTimes + 1 };
    if (policy.messageModel === 'BROADCASTING') return { action: 'drop', reason: 'retries-exhausted' };
    return { action: 'dead-letter', maxReconsumeTimes: policy.maxReconsumeTimes };
  }
  if (policy.messageModel === 'BROADCASTING') return { action: 'drop', reason: 'broadcasting' };
  return {
    action: 'send-back',
    delayLevel: exhausted ? -1 : policy.delayLevelWhenNextConsume,
    maxReconsumeTimes: policy.maxReconsumeTimes,
    deadLetter: exhausted,
  };
}

/**
 * When sending back (concurrent) or producing the dead-letter copy (orderly) failed: retry locally,
 * after 5 s (concurrent) or the orderly suspend time, with the reconsume count raised by one.
 */
export function decideAfterSendBackFailure(reconsumeTimes: number, policy: RetryPolicy): FailureDecision {
  const delayMs = policy.orderly ? policy.suspendCurrentQueueTimeMs : policy.sendBackFailedRetryDelayMs;
  return { action: 'local-retry', delayMs, reconsumeTimes: reconsumeTimes + 1 };
}

/** What {@link buildRetryCopy} needs of a received message. */
export interface RetryCopySource {
  readonly msgId: string;
  readonly topic: string;
  readonly body: Buffer;
  readonly flag: number;
  readonly reconsumeTimes: number;
  readonly properties: Readonly<Record<string, string>>;
  readonly systemProperties: Readonly<Record<string, string>>;
  readonly originMsgId?: string;
}

/** A message to produce to the retry topic, with its full property map. */
export interface RetryCopy {
  readonly topic: string;
  readonly body: Buffer;
  readonly flag: number;
  readonly delayLevel: number;
  readonly properties: Readonly<Record<string, string>>;
}

/**
 * The copy the Java client produces to `%RETRY%<group>` when CONSUMER_SEND_MSG_BACK fails (concurrent,
 * `reconsumeTimes` = count + 1) or when an orderly message used up its retries (`reconsumeTimes` = count):
 * all properties kept, RETRY_TOPIC = original topic, ORIGIN_MESSAGE_ID kept or set, RECONSUME_TIME,
 * MAX_RECONSUME_TIMES, TRAN_MSG removed, DELAY = 3 + reconsumeTimes (clamped to 18).
 * `group` is the (namespaced) consumer group.
 */
export function buildRetryCopy(
  msg: RetryCopySource,
  group: string,
  opts: { readonly reconsumeTimes: number; readonly maxReconsumeTimes: number },
): RetryCopy {
  const P = SystemProperty;
  const delayLevel = delayLevelForReconsume(msg.reconsumeTimes);
  const properties: Record<string, string> = { ...msg.systemProperties, ...msg.properties };
  delete properties[P.TRANSACTION_PREPARED];
  properties[P.ORIGIN_MESSAGE_ID] = msg.originMsgId || msg.msgId;
  properties[P.RETRY_TOPIC] = msg.topic;
  properties[P.RECONSUME_TIME] = String(opts.reconsumeTimes);
  properties[P.MAX_RECONSUME_TIMES] = String(opts.maxReconsumeTimes);
  properties[P.DELAY_TIME_LEVEL] = String(delayLevel);
  return { topic: `${RETRY_TOPIC_PREFIX}${group}`, body: msg.body, flag: msg.flag, delayLevel, properties };
}
