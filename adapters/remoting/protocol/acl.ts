/**
 * ACL 1.0 request signing (shared/protocol §8.13), as the Java `AclClientRPCHook` does it: the values of every
 * ext field except `Signature`, ordered by key (Java `TreeMap`: UTF-16 code-unit order), concatenated as UTF-8,
 * then the body; `Signature` = Base64(HmacSHA1(secretKey, that)).
 */
import { createHmac } from 'node:crypto';
import type { RemotingCommand } from './command.js';

export const ACCESS_KEY_FIELD = 'AccessKey';
export const SECURITY_TOKEN_FIELD = 'SecurityToken';
export const SIGNATURE_FIELD = 'Signature';

export interface AclCredentials {
  accessKey: string;
  secretKey: string;
  /** Sent (and signed) as ext field `SecurityToken` when set. */
  securityToken?: string;
}

/**
 * The ACL signature of a request's ext fields and body. `Signature` itself is left out; null values are skipped.
 */
export function computeSignature(
  extFields: Readonly<Record<string, string>> | undefined,
  body: Buffer | undefined,
  secretKey: string,
): string {
  const hmac = createHmac('sha1', Buffer.from(secretKey, 'utf8'));
  if (extFields) {
    const keys = Object.keys(extFields).filter((k) => k !== SIGNATURE_FIELD).sort();
    let text = '';
    for (const key of keys) {
      const value = extFields[key];
      if (value != null) text += value;
    }
    hmac.update(text, 'utf8');
  }
  if (body && body.length > 0) hmac.update(body);
  return hmac.digest('base64');
}

/**
 * A copy of `cmd` with `AccessKey`, `SecurityToken` (if given) and `Signature` added to its ext fields.
 * `cmd` is not modified; send the returned command unchanged, since the server re-signs what it receives.
 */
export function signRequest(cmd: RemotingCommand, credentials: AclCredentials): RemotingCommand {
  const extFields: Record<string, string> = { ...cmd.extFields, [ACCESS_KEY_FIELD]: credentials.accessKey };
  if (credentials.securityToken != null) extFields[SECURITY_TOKEN_FIELD] = credentials.securityToken;
  delete extFields[SIGNATURE_FIELD];
  extFields[SIGNATURE_FIELD] = computeSignature(extFields, cmd.body, credentials.secretKey);
  return { ...cmd, extFields };
}
