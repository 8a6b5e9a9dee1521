import { createResponse, type NewResponse, type RemotingCommand } from '../../remoting/protocol/command.js';

/** The `version` a 4.9.8 broker and name server put in their responses (V4_9_8, as in the captures). */
export const SERVER_VERSION = 409;

/** What a handler answers: a response code plus, when the real broker sends them, remark, ext fields and body. */
export interface Reply {
  code: number;
  remark?: string;
  /**
   * The response header. Pass `{}` where the Java broker builds its response from a header class whose fields are
   * all null (it then writes `"extFields":{}`); leave it out where the Java response has no header object.
   */
  extFields?: Record<string, string>;
  body?: Buffer;
}

/** The response to `request`: its opaque, the response flag, its serialization, and the server's version. */
export function reply(request: RemotingCommand, r: Reply): RemotingCommand {
  // Built field by field, not as `{ ...r, version }`: on Node 20 a spread followed by a new key makes a new hidden
  // class per call, which every later read of the object then misses (see BENCHMARKS.md).
  const res: NewResponse = { code: r.code, version: SERVER_VERSION };
  if (r.remark !== undefined) res.remark = r.remark;
  if (r.extFields !== undefined) res.extFields = r.extFields;
  if (r.body !== undefined) res.body = r.body;
  return createResponse(request, res);
}

/** A failure outcome of the engine (`{ code, remark }`) as a response, optionally with a header map. */
export function failureReply(
  request: RemotingCommand,
  outcome: { readonly code: number; readonly remark: string },
  extFields?: Record<string, string>,
): RemotingCommand {
  return reply(request, { code: outcome.code, remark: outcome.remark, ...(extFields === undefined ? {} : { extFields }) });
}
