import { RocketMQError, isRocketMQError } from '../errors.js';
import { isBrokerResponseError } from '../ports/errors.js';

/**
 * Broker response codes after which the Java producer tries again on another queue (shared/protocol §3.3):
 * TOPIC_NOT_EXIST 17, SERVICE_NOT_AVAILABLE 14, SYSTEM_ERROR 1, NO_PERMISSION 16, NO_BUYER_ID 204,
 * NOT_IN_CURRENT_UNIT 205. Every other code fails the send at once.
 */
export const RETRIABLE_SEND_CODES: ReadonlySet<number> = new Set([17, 14, 1, 16, 204, 205]);

/**
 * Transport failures (the remoting adapter's error kinds) after which a send is tried again, like the Java
 * producer's `RemotingException` branch: the request may not have reached the broker, or its answer was lost.
 */
export const RETRIABLE_TRANSPORT_KINDS: ReadonlySet<string> = new Set([
  'request-timeout',
  'connection-closed',
  'connect-failed',
  'connect-timeout',
  'write-failed',
  'protocol-error',
  'invalid-address',
  'broker-not-found',
]);

/** Whether a failed attempt is worth another try on another broker. Programming errors and aborts are not. */
export function isRetriableSendError(error: unknown): boolean {
  if (isBrokerResponseError(error)) return RETRIABLE_SEND_CODES.has(error.code);
  return isRocketMQError(error) && RETRIABLE_TRANSPORT_KINDS.has(error.kind);
}

/** Whether a failure was a network-level one (the latency fault table isolates the broker for those). */
export function isTransportFailure(error: unknown): boolean {
  return !isBrokerResponseError(error) && isRocketMQError(error) && RETRIABLE_TRANSPORT_KINDS.has(error.kind);
}

/** Whether an attempt ran out of time (ours or the adapter's timeout). */
export function isTimeout(error: unknown): boolean {
  return isRocketMQError(error) && error.kind === 'request-timeout';
}

/** An attempt that got no answer within its timeout (raised by the producer, same kind as the adapter's). */
export class AttemptTimeoutError extends RocketMQError {
  constructor(timeoutMs: number, brokerAddr: string | undefined) {
    super('request-timeout', `no answer within ${timeoutMs} ms`, { timeoutMs, brokerAddr });
  }
}

/** The route names a broker without a master address. */
export class BrokerNotFoundError extends RocketMQError {
  constructor(brokerName: string) {
    super('broker-not-found', `no master address known for broker ${brokerName}`, { brokerName });
  }
}
