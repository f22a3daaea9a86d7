import { randomBytes } from 'node:crypto';
import { openTotpSecret, sealTotpSecret } from './totp-secret-box.js';

describe('TOTP secret box', () => {
  const key = randomBytes(32);
  const alice = '11111111-1111-4111-8111-111111111111';
  const bob = '22222222-2222-4222-8222-222222222222';

  it('opens what it sealed, with a fresh IV each time', () => {
    const first = sealTotpSecret(key, alice, 'JBSWY3DPEHPK3PXP');
    const second = sealTotpSecret(key, alice, 'JBSWY3DPEHPK3PXP');
    expect(first).not.toBe(second);
    expect(first).not.toContain('JBSWY3DPEHPK3PXP');
    expect(openTotpSecret(key, alice, first)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('refuses a secret copied to another user, a tampered one and the wrong key', () => {
    const sealed = sealTotpSecret(key, alice, 'JBSWY3DPEHPK3PXP');
    expect(() => openTotpSecret(key, bob, sealed)).toThrow();
    const [version, iv, tag, body] = sealed.split('.');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(() => openTotpSecret(key, alice, [version, iv, tag, flipped.toString('base64url')].join('.'))).toThrow();
    expect(() => openTotpSecret(randomBytes(32), alice, sealed)).toThrow();
    expect(() => openTotpSecret(key, alice, 'plain-text-secret')).toThrow(/format/);
  });
});
