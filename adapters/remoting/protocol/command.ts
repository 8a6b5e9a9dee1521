/**
 * RemotingCommand: the unit every RocketMQ remoting frame carries (see shared/protocol §2).
 *
 * ```
 * +--------+----------------------+-----------------+------------------+
 * | LENGTH | TYPE(1) | HEADER_LEN | header (JSON or  | body (rest of    |
 * | int32  |   (24 bits)          | ROCKETMQ binary) | the frame)       |
 * +--------+----------------------+-----------------+------------------+
 * LENGTH counts everything after itself.
 * ```
 */
export type SerializeType = 'JSON' | 'ROCKETMQ';

export const FLAG_RESPONSE = 0x1;
export const FLAG_ONEWAY = 0x2;

/** Language names as the Java enum spells them; the binary header carries the ordinal. */
export const LANGUAGES = [
  'JAVA', 'CPP', 'DOTNET', 'PYTHON', 'DELPHI', 'ERLANG', 'RUBY', 'OTHER', 'HTTP', 'GO', 'PHP', 'OMS', 'RUST', 'NODE_JS',
] as const;
export type LanguageName = (typeof LANGUAGES)[number];

/** The version this library announces: V4_9_4 (401), which makes name servers answer standard JSON. */
export const CLIENT_VERSION = 401;

export interface RemotingCommand {
  /** Request code on a request, response code on a response. */
  code: number;
  /** Sender language name; unknown binary ordinals decode to `'UNKNOWN(<n>)'`. */
  language: string;
  version: number;
  /** Signed int32 request id; a response repeats its request's opaque. */
  opaque: number;
  /** Bit 0: response; bit 1: oneway. */
  flag: number;
  remark?: string;
  /** The custom header. Values are always strings on the wire. */
  extFields?: Record<string, string>;
  body?: Buffer;
  /** Header serialization this command was (or will be) written with. */
  serializeType: SerializeType;
}

export const isResponse = (cmd: RemotingCommand): boolean => (cmd.flag & FLAG_RESPONSE) !== 0;
export const isOneway = (cmd: RemotingCommand): boolean => (cmd.flag & FLAG_ONEWAY) !== 0;

export interface NewRequest {
  code: number;
  extFields?: Record<string, string>;
  body?: Buffer;
  oneway?: boolean;
  serializeType?: SerializeType;
  language?: string;
  version?: number;
}

/** A request with opaque 0; the connection that sends it assigns the real opaque. */
export function createRequest(req: NewRequest): RemotingCommand {
  const cmd: RemotingCommand = {
    code: req.code,
    language: req.language ?? 'JAVA',
    version: req.version ?? CLIENT_VERSION,
    opaque: 0,
    flag: req.oneway ? FLAG_ONEWAY : 0,
    serializeType: req.serializeType ?? 'JSON',
  };
  if (req.extFields !== undefined) cmd.extFields = req.extFields;
  if (req.body !== undefined) cmd.body = req.body;
  return cmd;
}

export interface NewResponse {
  code: number;
  remark?: string;
  extFields?: Record<string, string>;
  body?: Buffer;
  version?: number;
  language?: string;
}

/** A response to `request`: same opaque, response flag, and (as a 4.9.4+ broker does) the request's serialization. */
export function createResponse(request: RemotingCommand, res: NewResponse): RemotingCommand {
  const cmd: RemotingCommand = {
    code: res.code,
    language: res.language ?? 'JAVA',
    version: res.version ?? CLIENT_VERSION,
    opaque: request.opaque,
    flag: FLAG_RESPONSE,
    serializeType: request.serializeType,
  };
  if (res.remark !== undefined) cmd.remark = res.remark;
  if (res.extFields !== undefined) cmd.extFields = res.extFields;
  if (res.body !== undefined) cmd.body = res.body;
  return cmd;
}
