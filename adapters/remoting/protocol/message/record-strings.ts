import { utf8Slice } from '../utf8.js';
import { formatSocketAddress } from './ip.js';

const format = formatSocketAddress;
const utf8 = utf8Slice;

/** Upper-case hex pairs of every byte value. */
const HEX_PAIRS: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));

/** Upper-case hex of `b[start..end)` (faster than `toString('hex')` and an upper-casing for a few bytes). */
function upperHex(b: Buffer, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += HEX_PAIRS[b[i] as number] as string;
  return s;
}

/**
 * Strings shared by the records of one body: records of one pull usually have the same topic, store host and born
 * host, so each is made once and reused when the next record's bytes are equal (a few integer compares instead of
 * a string decode per record). One instance per decoded buffer; never shared across buffers.
 */
export class RecordStrings {
  #topicAt = -1;
  #topicEnd = -1;
  #topic = '';
  readonly #hostIp = [0, 0];
  readonly #hostPort = [-1, -1];
  readonly #hostText = ['', ''];
  #idPrefixAt = -1;
  #idPrefixLen = 0;
  #idPrefix = '';

  constructor(readonly buf: Buffer) {}

  /** UTF-8 text of `buf[start..end)`, reused when it repeats the last topic's bytes. */
  topic(start: number, end: number): string {
    const b = this.buf;
    const len = end - start;
    if (len === this.#topicEnd - this.#topicAt && this.#topicAt >= 0) {
      let i = 0;
      const from = this.#topicAt;
      while (i < len && b[start + i] === b[from + i]) i++;
      if (i === len) return this.#topic;
    }
    this.#topic = utf8(b, start, end);
    this.#topicAt = start;
    this.#topicEnd = end;
    return this.#topic;
  }

  /** `ip:port` at `at` (slot 0: born host, 1: store host); IPv4 texts are reused when they repeat. */
  host(slot: 0 | 1, at: number, len: 4 | 16): string {
    if (len !== 4) return format(this.buf, at, len);
    const b = this.buf;
    const ip = ((b[at] as number) << 24) | ((b[at + 1] as number) << 16) | ((b[at + 2] as number) << 8) | (b[at + 3] as number);
    const port = ((b[at + 4] as number) << 24) | ((b[at + 5] as number) << 16) | ((b[at + 6] as number) << 8) | (b[at + 7] as number);
    if (this.#hostIp[slot] === ip && this.#hostPort[slot] === port) return this.#hostText[slot] as string;
    const text = format(b, at, 4);
    this.#hostIp[slot] = ip;
    this.#hostPort[slot] = port;
    this.#hostText[slot] = text;
    return text;
  }

  /**
   * The offset message id of a record: upper-case hex of its store host (address and port, `len` + 4 bytes at
   * `hostAt`) and of its 8-byte physical offset at `offsetAt`. The host part is reused while it repeats.
   */
  offsetMsgId(hostAt: number, len: 4 | 16, offsetAt: number): string {
    const b = this.buf;
    const n = len + 4;
    let prefix = this.#idPrefix;
    let same = n === this.#idPrefixLen;
    for (let i = 0, from = this.#idPrefixAt; same && i < n; i++) same = b[hostAt + i] === b[from + i];
    if (!same) {
      prefix = this.#idPrefix = upperHex(b, hostAt, hostAt + n);
      this.#idPrefixAt = hostAt;
      this.#idPrefixLen = n;
    }
    return prefix + upperHex(b, offsetAt, offsetAt + 8);
  }
}
