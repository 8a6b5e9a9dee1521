import { formatSocketAddress } from './ip.js';

const format = formatSocketAddress;

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
    this.#topic = b.toString('utf8', start, end);
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
}
