import { ResponseCode } from '../../remoting/protocol/codes.js';
import { failure, type Failure } from './outcome.js';

type SystemErrorFailure = Failure<typeof ResponseCode.SYSTEM_ERROR>;

/**
 * Java's header decoding rule: a required field that is missing fails the request with SYSTEM_ERROR
 * "the custom field <name> is null"; a number that does not parse fails it too. Returns the failure, if any.
 */
export function checkHeader(
  req: object,
  spec: { strings?: readonly string[]; integers?: readonly string[]; optionalIntegers?: readonly string[] },
): SystemErrorFailure | undefined {
  const r = req as Record<string, unknown>;
  for (const name of spec.strings ?? []) {
    if (typeof r[name] !== 'string') return failure(ResponseCode.SYSTEM_ERROR, `the custom field <${name}> is null`);
  }
  for (const name of spec.integers ?? []) {
    if (r[name] === undefined || r[name] === null) return failure(ResponseCode.SYSTEM_ERROR, `the custom field <${name}> is null`);
    if (!Number.isSafeInteger(r[name])) return notInteger(name, r[name]);
  }
  for (const name of spec.optionalIntegers ?? []) {
    if (r[name] !== undefined && r[name] !== null && !Number.isSafeInteger(r[name])) return notInteger(name, r[name]);
  }
  return undefined;
}

function notInteger(name: string, value: unknown): SystemErrorFailure {
  return failure(ResponseCode.SYSTEM_ERROR, `the custom field <${name}> is not an integer: ${String(value)}`);
}
