import { deflateSync, inflateSync } from 'node:zlib';
import { ProtocolError } from '../errors.js';
import { CompressionType, MessageSysFlag, compressionTypeOf, isCompressed } from './sysflag.js';

/** Java producers compress single-message bodies of at least this many bytes (`compressMsgBodyOverHowmuch`). */
export const COMPRESS_BODY_OVER = 4096;
/** Java's default `rocketmq.message.compressLevel`. */
export const DEFAULT_COMPRESS_LEVEL = 5;
/** SysFlag bits a 4.9.4+ producer sets on a zlib-compressed body: COMPRESSED | ZLIB << 8 = 0x301. */
export const ZLIB_COMPRESSED_SYSFLAG = MessageSysFlag.COMPRESSED | (CompressionType.ZLIB << 8);

/** Largest decompressed body accepted by default (guards against zlib bombs; Java's max message is 4 MiB). */
export const MAX_DECOMPRESSED_BODY = 64 * 1024 * 1024;

const TYPE_NAMES: Record<number, string> = { 0: 'ZLIB', 1: 'LZ4', 2: 'ZSTD', 3: 'ZLIB' };

/** A zlib stream (RFC 1950) of `body`, as Java's `Deflater` writes it at `level` (default 5). */
export function compressBody(body: Uint8Array, level = DEFAULT_COMPRESS_LEVEL): Buffer {
  return deflateSync(body, { level });
}

/** True when a Java producer would compress this body (non-batch, ≥ 4096 bytes by default). */
export function shouldCompress(body: Uint8Array, threshold = COMPRESS_BODY_OVER): boolean {
  return body.length >= threshold;
}

/**
 * Decompresses a stored body according to the message sysFlag: returned as is when the COMPRESSED bit is clear,
 * inflated for compression type 0 or 3 (ZLIB). LZ4 and ZSTD (types 1, 2), unknown types and corrupt zlib data throw
 * `decompression-failed` naming the type, as does a body that inflates past `maxSize`.
 */
export function decompressBody(body: Buffer, sysFlag: number, maxSize = MAX_DECOMPRESSED_BODY): Buffer {
  if (!isCompressed(sysFlag)) return body;
  const type = compressionTypeOf(sysFlag);
  const name = TYPE_NAMES[type] ?? `UNKNOWN(${type})`;
  if (type !== CompressionType.ZLIB && type !== CompressionType.ZLIB_LEGACY) {
    throw new ProtocolError('decompression-failed', `compression type ${name} is not supported`, {
      value: type,
      compressionType: name,
      sysFlag,
    });
  }
  try {
    return inflateSync(body, { maxOutputLength: maxSize });
  } catch (cause) {
    throw new ProtocolError('decompression-failed', `corrupt ${name} body`, { value: type, compressionType: name, sysFlag }, { cause });
  }
}
