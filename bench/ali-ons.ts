/** The peer: typed handles on the `ali-ons` package's CommonJS internals (it ships no type declarations). */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface AliRemotingCommand {
  body: Buffer | null | undefined;
  extFields: Record<string, unknown>;
  encode(): Buffer;
}

export interface AliRemotingCommandClass {
  new (options: { code: number; customHeader?: Record<string, unknown>; opaque?: number }): AliRemotingCommand;
  decode(packet: Buffer): AliRemotingCommand;
}

export const AliRemotingCommand = require('ali-ons/lib/protocol/command/remoting_command.js') as AliRemotingCommandClass;

/** `byte`'s ByteBuffer, as ali-ons wraps a response body before decoding messages from it. */
export interface AliByteBuffer {
  hasRemaining(): boolean;
}

export const AliByteBufferClass = require('byte') as { wrap(buf: Buffer): AliByteBuffer };

export const aliMessageDecoder = require('ali-ons/lib/message/message_decoder.js') as {
  decode(buffer: AliByteBuffer, readBody?: boolean, deCompressBody?: boolean): unknown;
  decodes(buffer: AliByteBuffer, readBody?: boolean): unknown[];
};
