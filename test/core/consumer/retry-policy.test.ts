import { describe, expect, it } from 'vitest';
import {
  buildRetryCopy,
  decideAfterSendBackFailure,
  decideOnFailure,
  DELAY_LEVELS_MS,
  delayLevelForReconsume,
  type RetryPolicy,
} from '../../../core/consumer/retry-policy.js';
import { CONSUMER_DEFAULTS } from '../../../core/defaults.js';

const base: RetryPolicy = {
  orderly: false,
  messageModel: 'CLUSTERING',
  maxReconsumeTimes: 16,
  delayLevelWhenNextConsume: 0,
  suspendCurrentQueueTimeMs: 1000,
  sendBackFailedRetryDelayMs: 5000,
};

describe('decideOnFailure', () => {
  it.each([
    ['concurrent, first failure → send back, broker picks the delay', base, 0,
      { action: 'send-back', delayLevel: 0, maxReconsumeTimes: 16, deadLetter: false }],
    ['concurrent, 15 → still a retry', base, 15, { action: 'send-back', delayLevel: 0, maxReconsumeTimes: 16, deadLetter: false }],
    ['concurrent, 16 → dead letter (delay −1)', base, 16, { action: 'send-back', delayLevel: -1, maxReconsumeTimes: 16, deadLetter: true }],
    ['concurrent, configured level', { ...base, delayLevelWhenNextConsume: 5 }, 1,
      { action: 'send-back', delayLevel: 5, maxReconsumeTimes: 16, deadLetter: false }],
    ['concurrent, max 0 → dead letter at once', { ...base, maxReconsumeTimes: 0 }, 0,
      { action: 'send-back', delayLevel: -1, maxReconsumeTimes: 0, deadLetter: true }],
    ['broadcasting → drop', { ...base, messageModel: 'BROADCASTING' as const }, 0, { action: 'drop', reason: 'broadcasting' }],
    ['orderly → local retry after the suspend time', { ...base, orderly: true }, 3, { action: 'local-retry', delayMs: 1000, reconsumeTimes: 4 }],
    ['orderly, 16 → dead letter', { ...base, orderly: true }, 16, { action: 'dead-letter', maxReconsumeTimes: 16 }],
    ['orderly broadcasting, exhausted → drop', { ...base, orderly: true, messageModel: 'BROADCASTING' as const }, 16,
      { action: 'drop', reason: 'retries-exhausted' }],
  ])('%s', (_name, policy, reconsumeTimes, expected) => {
    expect(decideOnFailure(reconsumeTimes, policy)).toEqual(expected);
  });

  it('works with the resolved consumer defaults', () => {
    expect(decideOnFailure(16, CONSUMER_DEFAULTS)).toMatchObject({ action: 'send-back', deadLetter: true });
  });
});

describe('decideAfterSendBackFailure', () => {
  it.each([
    ['concurrent: local retry after 5 s', base, 2, { action: 'local-retry', delayMs: 5000, reconsumeTimes: 3 }],
    ['orderly: local retry after the suspend time', { ...base, orderly: true }, 16, { action: 'local-retry', delayMs: 1000, reconsumeTimes: 17 }],
  ])('%s', (_name, policy, times, expected) => {
    expect(decideAfterSendBackFailure(times, policy)).toEqual(expected);
  });
});

describe('delay table', () => {
  it('first retry after 10 s, the 16th after 2 h', () => {
    expect(DELAY_LEVELS_MS[delayLevelForReconsume(0) - 1]).toBe(10_000);
    expect(DELAY_LEVELS_MS[delayLevelForReconsume(1) - 1]).toBe(30_000);
    expect(DELAY_LEVELS_MS[delayLevelForReconsume(15) - 1]).toBe(7_200_000);
  });
});

describe('buildRetryCopy', () => {
  const msg = {
    msgId: 'UNIQ', topic: 'Orders', body: Buffer.from('b'), flag: 4, reconsumeTimes: 2,
    properties: { orderId: '1' },
    systemProperties: { UNIQ_KEY: 'UNIQ', TAGS: 'TagA', TRAN_MSG: 'true', rmqrx_codec: 'json' },
  };

  it('keeps every property and adds the retry bookkeeping, as the Java client does', () => {
    const copy = buildRetryCopy(msg, 'G', { reconsumeTimes: 3, maxReconsumeTimes: 16 });
    expect(copy).toEqual({
      topic: '%RETRY%G', body: msg.body, flag: 4, delayLevel: 5,
      properties: {
        orderId: '1', UNIQ_KEY: 'UNIQ', TAGS: 'TagA', rmqrx_codec: 'json',
        ORIGIN_MESSAGE_ID: 'UNIQ', RETRY_TOPIC: 'Orders', RECONSUME_TIME: '3', MAX_RECONSUME_TIMES: '16', DELAY: '5',
      },
    });
  });

  it('keeps an existing origin id and clamps the delay to level 18', () => {
    const copy = buildRetryCopy({ ...msg, originMsgId: 'FIRST', reconsumeTimes: 40 }, 'ns%G', { reconsumeTimes: 40, maxReconsumeTimes: 16 });
    expect(copy.topic).toBe('%RETRY%ns%G');
    expect(copy.properties).toMatchObject({ ORIGIN_MESSAGE_ID: 'FIRST', DELAY: '18' });
    expect(copy.delayLevel).toBe(18);
  });
});
