import type { RemotingCommand, SerializeType } from './command.js';
import type { EncodeOptions } from './headers/field-spec.js';
import { encodeSendBatchMessageRequest } from './headers/send-batch-message.js';
import { encodeSendMessageV2Fast } from './headers/send-message-v2.js';
import type { SendMessageRequestHeader } from './headers/send-message.js';
import { encodeProperties } from './message/properties.js';
import { writeSendV2Binary } from './send-v2-binary-direct.js';
import { writeSendV2Direct, type SendV2Fields } from './send-v2-json-direct.js';
import { SEND_BATCH_MESSAGE } from './send-v2-json-template.js';

/** The values every request of a client has in common. */
export interface CommandDefaults {
  readonly serializeType: SerializeType;
  readonly language: string;
  readonly version: number;
}

/**
 * A SEND_MESSAGE_V2 (310) or SEND_BATCH_MESSAGE (320) request made from a send's fields, whose header is built only
 * when something asks for it. Its `extFields` are the ones `encodeSendMessageV2Fast` (or the batch encoder) gives for
 * the header the Java client sends, made on first read (a properties value the encoder refuses throws its typed error
 * there). Until then, a frame of it (JSON or binary header) is written straight from the fields
 * (`encodeFrameUnder`), which spares the header object, the extFields object and the properties string of every send.
 *
 * Anything that reads or replaces `extFields` (an ACL hook, a test) sees an ordinary command; from
 * then on its frames are written the general way. Copies (`{ ...command }`) do not carry `extFields` over: use
 * {@link plain}.
 */
export class SendV2Command implements RemotingCommand {
  code: number;
  language: string;
  version: number;
  opaque = 0;
  flag = 0;
  serializeType: SerializeType;
  body: Buffer;
  declare remark?: string;
  readonly #fields: SendV2Fields;
  readonly #order: EncodeOptions;
  #ext: Record<string, string> | undefined;

  constructor(code: number, defaults: CommandDefaults, fields: SendV2Fields, body: Buffer, order: EncodeOptions) {
    this.code = code;
    this.language = defaults.language;
    this.version = defaults.version;
    this.serializeType = defaults.serializeType;
    this.body = body;
    this.#fields = fields;
    this.#order = order;
  }

  /** The header's extFields, made once when first asked for. */
  get extFields(): Record<string, string> {
    this.makeHeader();
    return this.#ext!;
  }

  set extFields(ext: Record<string, string> | undefined) {
    this.#ext = ext;
  }

  /** Makes the extFields now (frames are then written from them); throws what their encoder throws. */
  makeHeader(): void {
    if (this.#ext === undefined) this.#ext = sendV2Ext(this.#fields, this.code === SEND_BATCH_MESSAGE, this.#order);
  }

  /**
   * Writes the JSON header under `opaque` and `flag` into `into` from `at` (using no byte at or past `limit`),
   * straight from the fields, while nothing has read or replaced the extFields and there is no remark.
   * @returns the offset after the header, or -1 when it must be written the general way (from {@link plain}).
   */
  writeJsonHeader(opaque: number, flag: number, into: Buffer, at: number, limit: number): number {
    if (this.#ext !== undefined || this.remark != null) return -1;
    return writeSendV2Direct(this.#fields, this, opaque, flag, into, at, limit);
  }

  /**
   * {@link writeJsonHeader} for the ROCKETMQ serialization: the binary header under `opaque` and `flag`, written
   * straight from the fields (`send-v2-binary-direct.ts`, which reads this command's extFields only to make a
   * template; the frame is then still written from the fields). -1 when it must be written the general way.
   */
  writeBinaryHeader(opaque: number, flag: number, into: Buffer, at: number, limit: number): number {
    if (this.#ext !== undefined || this.remark != null) return -1;
    return writeSendV2Binary(this.#fields, this, this.#order, opaque, flag, into, at, limit);
  }

  /** {@link writeJsonHeader} or {@link writeBinaryHeader}, as its serialization asks. */
  writeHeader(opaque: number, flag: number, into: Buffer, at: number, limit: number): number {
    if (this.serializeType === 'JSON') return this.writeJsonHeader(opaque, flag, into, at, limit);
    return this.serializeType === 'ROCKETMQ' ? this.writeBinaryHeader(opaque, flag, into, at, limit) : -1;
  }

  /** An ordinary command with these values under `opaque` and `flag`. */
  plain(opaque: number, flag: number): RemotingCommand {
    const cmd: RemotingCommand = { code: this.code, language: this.language, version: this.version, opaque, flag, serializeType: this.serializeType, extFields: this.extFields, body: this.body };
    if (this.remark !== undefined) cmd.remark = this.remark;
    return cmd;
  }
}

/**
 * The error of `command`'s header when it is made only when needed (a {@link SendV2Command}) and its encoder refuses
 * it; `undefined` for any other command, or when there is none. For a caller about to open a connection for the
 * command, so that a bad value never opens one (once encoded, the same error fails the request).
 */
export function refusedHeader(command: RemotingCommand): unknown {
  if (!(command instanceof SendV2Command)) return undefined;
  try {
    command.makeHeader();
    return undefined;
  } catch (error) {
    return error;
  }
}

/** The extFields of a send with `fields`: the header the Java client sends (`j` = 0 unless set, `k` = false). */
function sendV2Ext(fields: SendV2Fields, batch: boolean, order: EncodeOptions): Record<string, string> {
  const header: SendMessageRequestHeader = {
    producerGroup: fields.producerGroup,
    topic: fields.topic,
    defaultTopic: fields.defaultTopic,
    defaultTopicQueueNums: fields.defaultTopicQueueNums,
    queueId: fields.queueId,
    sysFlag: fields.sysFlag,
    bornTimestamp: fields.bornTimestamp,
    flag: fields.flag,
    properties: encodeProperties(fields.properties),
    reconsumeTimes: fields.reconsumeTimes ?? 0,
    unitMode: false,
    batch,
    bname: fields.brokerName,
  };
  if (fields.maxReconsumeTimes !== undefined) header.maxReconsumeTimes = fields.maxReconsumeTimes;
  return batch ? encodeSendBatchMessageRequest(header, order) : encodeSendMessageV2Fast(header, order);
}
