import { signRequest, type AclCredentials } from '../protocol/acl.js';
import type { RemotingCommand } from '../protocol/command.js';

/** Runs on every request just before it is sent (after the header is final, before the opaque is assigned). */
export type RequestHook = (command: RemotingCommand) => RemotingCommand;

/**
 * The ACL 1.0 hook (shared/protocol §8.13): adds `AccessKey` (and `SecurityToken`) and the HmacSHA1 `Signature` over
 * the sorted ext values and the body. Without credentials it is the identity.
 */
export function createAclHook(credentials: AclCredentials | undefined): RequestHook {
  if (credentials === undefined) return (command) => command;
  const frozen: AclCredentials = { ...credentials };
  return (command) => signRequest(command, frozen);
}
