/** UNIQ_KEY host address (§7.2, Java UtilAll.getIP) and client-id IP (Java RemotingUtil.getLocalAddress) selection. */
import { describe, expect, it } from 'vitest';
import { createProcessUniqueIdGenerator, detectClientIp, uniqueIdAddress, type InterfaceAddress } from '../../../adapters/remoting/client/index.js';
import { decodeUniqueId } from '../../../adapters/remoting/protocol/message/message-id.js';

const v4 = (address: string, internal = false): InterfaceAddress => ({ address, family: 'IPv4', internal });
const v6 = (address: string, internal = false): InterfaceAddress => ({ address, family: 'IPv6', internal });
const hex = (b: Buffer) => b.toString('hex').toUpperCase();

describe('uniqueIdAddress (UtilAll.getIP)', () => {
  it.each([
    ['the first public IPv4', [v4('127.0.0.1', true), v4('192.168.1.5'), v4('8.8.4.4'), v4('1.2.3.4')], '08080404'],
    ['a usable IPv6 (ULA counts) before a later public IPv4', [v4('10.0.0.2'), v6('fd00::2'), v4('8.8.8.8')], 'FD000000000000000000000000000002'],
    ['the first private IPv4 when nothing public exists', [v4('127.0.0.1', true), v6('::1', true), v6('fe80::1%eth0'), v4('172.16.0.9'), v4('10.1.1.1')], 'AC100009'],
    ['skipping x.0.0.0, x.1.1.1, 0.x, 127.x and 255.x', [v4('9.0.0.0'), v4('9.1.1.1'), v4('0.1.2.3'), v4('255.1.2.3'), v4('127.9.9.9'), v4('100.64.0.1')], '64400001'],
    ['skipping site-local fec0::/10 and link-local fe80::/10 IPv6', [v6('fec0::1'), v6('febf::1'), v6('2001:db8::7')], '20010DB8000000000000000000000007'],
    ['numeric families (some Node versions)', [{ address: '8.8.8.8', family: 4, internal: false }], '08080808'],
  ])('picks %s', (_what, addresses, expected) => {
    expect(hex(uniqueIdAddress(addresses, 0))).toBe(expected);
  });

  it('falls back to 4 bytes of the clock (Java createFakeIP) when there is no address at all', () => {
    expect(hex(uniqueIdAddress([v4('127.0.0.1', true)], 0x0102030405))).toBe('02030405');
  });

  it('feeds the generator: the id carries that address, the pid and a fixed random part', () => {
    const gen = createProcessUniqueIdGenerator({ addresses: [v6('fd00::2')], pid: 20019, random: () => 0.5, now: () => Date.UTC(2026, 10, 24, 21, 0, 0) });
    const first = decodeUniqueId(gen.next());
    const second = decodeUniqueId(gen.next());
    expect(first).toMatchObject({ host: 'fd00::2', pid: 20019, random: 0x80000000 | 0, counter: 0 });
    expect(second).toMatchObject({ host: 'fd00::2', pid: 20019, random: first.random, counter: 1 });
    expect(gen.next()).toHaveLength(56);
  });
});

describe('detectClientIp (RemotingUtil.getLocalAddress)', () => {
  it.each([
    ['the first IPv4 outside 127.0/192.168', [v4('127.0.0.1', true), v4('192.168.0.7'), v4('10.0.0.3'), v4('172.17.0.1')], '10.0.0.3'],
    ['the last IPv4 when all are 192.168', [v4('192.168.0.7'), v4('192.168.9.9')], '192.168.9.9'],
    ['a bracketed IPv6 when there is no IPv4', [v4('127.0.0.1', true), v6('::1', true), v6('fd00::2')], '[fd00::2]'],
    ['127.0.0.1 when there is nothing else', [v4('127.0.0.1', true)], '127.0.0.1'],
  ])('picks %s', (_what, addresses, expected) => {
    expect(detectClientIp(addresses)).toBe(expected);
  });
});
