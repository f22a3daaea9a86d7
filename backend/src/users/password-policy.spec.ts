import { BadRequestException } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { PasswordPolicy } from './password-policy.js';

const policy = (minimum = 3) => new PasswordPolicy({ PASSWORD_MIN_SCORE: minimum } as AppConfig);
const dana = { email: 'dana.desk@press.test', name: 'Dana Desk' };

describe('PasswordPolicy', () => {
  it('accepts a passphrase of unrelated words, with no composition rules', async () => {
    expect(await policy().judge('ocean marble quiet lantern', dana)).toMatchObject({ acceptable: true, problems: [] });
  });

  it('refuses fewer than 12 characters, counting characters rather than UTF-16 units', async () => {
    expect((await policy().judge('ocean marbl', dana)).acceptable).toBe(false);
    const emoji = '🔒🔒🔒🔒🔒🔒🔒🔒🔒🔒🔒';
    expect(await policy().judge(emoji, dana)).toMatchObject({ acceptable: false, problems: ['Use at least 12 characters (this one has 11).'] });
  });

  it('refuses more than 128 characters and accepts 128', async () => {
    const words = 'ocean marble quiet lantern velvet harbour ';
    expect((await policy().judge(words.repeat(4).slice(0, 129), dana)).problems).toEqual(['Use at most 128 characters.']);
    expect((await policy().judge(words.repeat(4).slice(0, 128), dana)).acceptable).toBe(true);
  });

  it.each(['password1234', 'qwertyuiop123', 'P@ssw0rd2024!', 'iloveyou12345', 'aaaaaaaaaaaaaaaa'])('refuses the common or breached-style %s with the reasons', async (password) => {
    const verdict = await policy().judge(password, dana);
    expect(verdict.acceptable).toBe(false);
    expect(verdict.problems[0]).toMatch(/too easy to guess \(rated .*, \d of 4; at least 3 is needed\)/);
    expect(verdict.problems.length).toBeGreaterThan(1);
  });

  it("counts the owner's email and name as known to an attacker", async () => {
    const password = 'dana.desk@press.test';
    expect((await policy().judge(password, { email: 'someone@else.test', name: 'Sam Else' })).acceptable).toBe(true);
    const verdict = await policy().judge(password, dana);
    expect(verdict.acceptable).toBe(false);
    expect(verdict.problems.join(' ')).toMatch(/personal/);
  });

  it('follows the configured threshold', async () => {
    const fair = 'benchmark password';
    expect((await policy(2).judge(fair, dana)).acceptable).toBe(true);
    expect((await policy(4).judge(fair, dana)).acceptable).toBe(false);
  });

  it('throws a 400 whose details name the field', async () => {
    const error = await policy().assertAcceptable('password1234', dana, 'newPassword').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadRequestException);
    expect((error as BadRequestException).getResponse()).toMatchObject({
      message: expect.stringMatching(/^newPassword: This password is too easy to guess/),
      details: [{ field: 'newPassword', messages: expect.arrayContaining([expect.stringMatching(/too easy to guess/)]) }],
    });
  });
});
