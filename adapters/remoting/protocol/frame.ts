/**
 * Frames: whole-frame encode/decode (`frame-codec.ts`) and the incremental decoder (`frame-decoder.ts`).
 */
export { checkLengthField, decodeFrame, DEFAULT_MAX_FRAME_SIZE, encodeFrame, encodeFrameUnder, MAX_HEADER_LENGTH } from './frame-codec.js';
export { FrameDecoder, type FrameDecoderOptions } from './frame-decoder.js';
