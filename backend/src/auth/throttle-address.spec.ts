import { throttleAddress } from './throttle-address.js';

describe('throttleAddress', () => {
  it('keeps an IPv4 address as it is, also when mapped into IPv6', () => {
    expect(throttleAddress('198.51.100.7')).toBe('198.51.100.7');
    expect(throttleAddress('::ffff:198.51.100.7')).toBe('198.51.100.7');
  });

  it('counts every address of one IPv6 /64 together', () => {
    expect(throttleAddress('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(throttleAddress('2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(throttleAddress('2001:DB8:1:2:ffff::9')).toBe('2001:db8:1:2::/64');
  });

  it('tells different /64s apart and expands a compressed prefix', () => {
    expect(throttleAddress('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(throttleAddress('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(throttleAddress('::1')).toBe('0:0:0:0::/64');
    expect(throttleAddress('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  it('leaves anything that is not an IP address alone', () => {
    expect(throttleAddress('unknown')).toBe('unknown');
  });
});
