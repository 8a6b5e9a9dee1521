import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createUniqueIdGenerator,
  decodeOffsetMessageId,
  decodeUniqueId,
  encodeOffsetMessageId,
  formatIp,
  localMonthStart,
  parseIp,
  utcMonthStart,
} from '../../../adapters/remoting/protocol/message/index.js';
import { allFrames } from '../helpers/body-captures.js';
import { protocolErrorOf } from '../helpers/protocol-error-of.js';
import { sentMessages } from './sent-messages.js';

describe('offset message id (§7.1)', () => {
  it('matches the reference example and decodes back', () => {
    expect(encodeOffsetMessageId('192.168.0.20', 10911, 1234)).toBe('C0A8001400002A9F00000000000004D2');
    expect(decodeOffsetMessageId('C0A8001400002A9F00000000000004D2')).toEqual({ host: '192.168.0.20', port: 10911, physicalOffset: 1234 });
    expect(decodeOffsetMessageId('c0a8001400002a9f00000000000004d2').host).toBe('192.168.0.20');
  });

  it('IPv6 store hosts give 56 characters', () => {
    const id = encodeOffsetMessageId('fd00::2', 10911, 2 ** 40);
    expect(id).toBe('FD000000000000000000000000000002' + '00002A9F' + '0000010000000000');
    expect(decodeOffsetMessageId(id)).toEqual({ host: 'fd00::2', port: 10911, physicalOffset: 2 ** 40 });
  });

  it('bad ids → invalid-message-id naming the id', () => {
    for (const bad of ['', 'C0A8', 'Z'.repeat(32), 'C0A8001400002A9F00000000000004D2FF', 42 as unknown as string]) {
      const err = protocolErrorOf(() => decodeOffsetMessageId(bad));
      expect([err.kind, err.context.value]).toEqual(['invalid-message-id', bad]);
    }
    expect(protocolErrorOf(() => encodeOffsetMessageId('not-an-ip', 1, 1)).context.value).toBe('not-an-ip');
  });

  const ipv4 = fc.ipV4();
  const ipv6 = fc.ipV6().filter((s) => !s.includes('.'));
  it('property: decode(encode(host, port, offset)) gives the same address bytes, port and offset', () => {
    fc.assert(
      fc.property(fc.oneof(ipv4, ipv6), fc.integer({ min: 0, max: 0x7fffffff }), fc.maxSafeNat(), (host, port, offset) => {
        const id = encodeOffsetMessageId(host, port, offset);
        expect(id).toMatch(host.includes(':') ? /^[0-9A-F]{56}$/ : /^[0-9A-F]{32}$/);
        const d = decodeOffsetMessageId(id);
        expect(parseIp(d.host)).toEqual(parseIp(host));
        expect([d.port, d.physicalOffset]).toEqual([port, offset]);
      }),
    );
  });

  it('IPv6 text is RFC 5952', () => {
    const ip = (s: string) => formatIp(parseIp(s) as Buffer, 0, 16);
    expect(ip('2001:DB8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(ip('::')).toBe('::');
    expect(ip('1:0:2:3:4:5:6:7')).toBe('1:0:2:3:4:5:6:7');
    expect(ip('::ffff:1.2.3.4')).toBe('::ffff:102:304');
    for (const bad of ['1::2::3', '1:2:3:4:5:6:7:8:9', 'g::1', '1.2.3', '1.2.3.256', '01234::']) expect(parseIp(bad)).toBeUndefined();
  });
});

describe('unique id (UNIQ_KEY, §7.2)', () => {
  const ip = Buffer.from([10, 0, 0, 1]);
  const t0 = Date.UTC(2024, 0, 31, 23, 59, 59, 990);

  it('counts up, wraps at 16 bits, and restarts the time part in a new month', () => {
    let now = t0;
    const gen = createUniqueIdGenerator({ ip, pid: 0x12345, random: -1, now: () => now, monthStartOf: utcMonthStart, counter: 0xfffe });
    const a = decodeUniqueId(gen.next());
    const b = decodeUniqueId(gen.next());
    now += 20; // 2024-02-01T00:00:00.010Z
    const c = decodeUniqueId(gen.next());
    expect([a.counter, b.counter, c.counter]).toEqual([0xfffe, 0xffff, 0]);
    // 31 days of ms do not fit an int32: Java writes the raw low 32 bits, which read back negative.
    expect(a).toMatchObject({ host: '10.0.0.1', pid: 0x2345, random: -1, msSinceMonthStart: (t0 - Date.UTC(2024, 0, 1)) | 0 });
    expect(a.msSinceMonthStart).toBeLessThan(0);
    expect(c.msSinceMonthStart).toBe(10);
  });

  it('forces a small negative difference (clock stepped back) to 0, keeps large ones as raw int32', () => {
    let now = Date.UTC(2024, 1, 1, 0, 0, 1);
    const gen = createUniqueIdGenerator({ ip, pid: 1, random: 1, now: () => now, monthStartOf: utcMonthStart });
    now -= 5_000;
    expect(decodeUniqueId(gen.next()).msSinceMonthStart).toBe(0);
    now = Date.UTC(2024, 1, 1) - 2_000_000;
    expect(decodeUniqueId(gen.next()).msSinceMonthStart).toBe(-2_000_000);
  });

  it('uses the local month start by default', () => {
    const now = Date.UTC(2024, 5, 15, 12);
    const id = decodeUniqueId(createUniqueIdGenerator({ ip, pid: 1, random: 1, now: () => now }).next());
    expect(id.msSinceMonthStart).toBe(now - localMonthStart(now));
    expect(new Date(localMonthStart(now)).getDate()).toBe(1);
    expect(new Date(localMonthStart(now)).getHours()).toBe(0);
  });

  it('IPv6 addresses give 56 characters; other ip lengths are refused', () => {
    const id = createUniqueIdGenerator({ ip: parseIp('fd00::2') as Buffer, pid: 20019, random: 0x30946e09 }).next();
    expect(id).toMatch(/^FD0000000000000000000000000000024E3330946E09[0-9A-F]{8}0000$/);
    expect(protocolErrorOf(() => createUniqueIdGenerator({ ip: Buffer.alloc(5), pid: 1 })).kind).toBe('invalid-message-id');
  });

  it('captured UNIQ_KEYs decode into §7.2 parts consistent with their sends', () => {
    const sent = [...sentMessages(allFrames()).entries()];
    expect(sent.length).toBeGreaterThan(40);
    for (const [uniq, s] of sent) {
      const p = decodeUniqueId(uniq);
      expect(uniq).toHaveLength(56);
      expect(p.host).toBe('fd00::2');
      expect(p.random).toBe(0x30946e09); // the same JVM class-loader hash in every capture program
      // The programs ran on UTC: month start + ms since it lands within a few ms of the born timestamp.
      expect(Math.abs(utcMonthStart(s.bornTimestamp) + p.msSinceMonthStart - s.bornTimestamp), uniq).toBeLessThan(10);
    }
    const jsonV2 = sent.filter(([, s]) => s.scenario === 'json-v2').map(([u]) => decodeUniqueId(u));
    expect(jsonV2.map((p) => [p.pid, p.counter])).toEqual([[20019, 0], [20019, 1], [20019, 2]]);
  });
});
