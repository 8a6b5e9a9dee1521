import { ACCESS_KEY_FIELD, SECURITY_TOKEN_FIELD, SIGNATURE_FIELD, signRequest, type AclCredentials } from '../protocol/acl.js';
import type { RemotingCommand } from '../protocol/command.js';
import { javaHashMapPut } from '../protocol/headers/java-hashmap-order.js';

/** Runs on every request just before it is sent (after the header is final, before the opaque is assigned). */
export type RequestHook = (command: RemotingCommand) => RemotingCommand;

/**
 * The ACL 1.0 hook (shared/protocol §8.13): adds `AccessKey` (and `SecurityToken`) and the HmacSHA1 `Signature` over
 * the sorted ext values and the body. The added fields land where Java's `AclClientRPCHook` puts them in its ext
 * HashMap, so a signed frame has the Java key order too. Without credentials the hook is the identity.
 */
export function createAclHook(credentials: AclCredentials | undefined): RequestHook {
  if (credentials === undefined) return (command) => command;
  const frozen: AclCredentials = { ...credentials };
  return (command) => {
    const signed = signRequest(command, frozen).extFields as Record<string, string>;
    const added: Record<string, string> = { [ACCESS_KEY_FIELD]: frozen.accessKey };
    if (frozen.securityToken != null) added[SECURITY_TOKEN_FIELD] = frozen.securityToken;
    added[SIGNATURE_FIELD] = signed[SIGNATURE_FIELD] as string;
    // Object.assign and a store, not `{ ...command, extFields }`: a spread of a fresh object followed by a new key
    // makes a new hidden class per call on Node 20 (a command without ext fields would get one per request).
    const out: RemotingCommand = Object.assign({}, command);
    out.extFields = javaHashMapPut(command.extFields ?? {}, added);
    return out;
  };
}
