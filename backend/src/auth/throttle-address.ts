import { isIP } from 'node:net';

/**
 * The address a sign-in failure is counted against: an IPv4 address as it is, an IPv6 address by
 * its /64 (one subscriber usually holds a whole /64, so rotating within it must not reset the count).
 */
export function throttleAddress(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1];
  if (isIP(ip) !== 6) return ip;
  const withoutZone = ip.split('%')[0].toLowerCase();
  const [head, tail = ''] = withoutZone.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = withoutZone.includes('::') && tail ? tail.split(':') : [];
  // An embedded IPv4 tail only ever sits in the low 64 bits, which are dropped anyway.
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = withoutZone.includes('::') ? [...headGroups, ...Array<string>(Math.max(0, missing)).fill('0'), ...tailGroups] : headGroups;
  return `${groups
    .slice(0, 4)
    .map((group) => (group === '' ? '0' : group.replace(/^0+(?=.)/, '')))
    .join(':')}::/64`;
}
