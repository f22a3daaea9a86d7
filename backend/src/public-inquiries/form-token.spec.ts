import { randomBytes } from 'node:crypto';
import { checkFormToken, issueFormToken } from './form-token.js';

const key = randomBytes(32);
const rules = { minAgeMs: 3000, maxAgeMs: 24 * 3600 * 1000 };

describe('form tokens', () => {
  it('accepts a token once the minimum fill time has passed', () => {
    const issued = new Date('2026-06-05T10:00:00Z');
    const token = issueFormToken(key, issued);
    expect(checkFormToken(key, token, { ...rules, now: new Date('2026-06-05T10:00:05Z') })).toMatchObject({ ok: true, issuedAt: issued });
  });

  it('refuses a form sent faster than a person types', () => {
    const token = issueFormToken(key, new Date('2026-06-05T10:00:00Z'));
    expect(checkFormToken(key, token, { ...rules, now: new Date('2026-06-05T10:00:01Z') })).toEqual({ ok: false, problem: 'too_fast' });
  });

  it('refuses a token older than the maximum age', () => {
    const token = issueFormToken(key, new Date('2026-06-05T10:00:00Z'));
    expect(checkFormToken(key, token, { ...rules, now: new Date('2026-06-06T10:00:01Z') })).toEqual({ ok: false, problem: 'expired' });
  });

  it('refuses a backdated, foreign or malformed token', () => {
    const token = issueFormToken(key, new Date('2026-06-05T10:00:00Z'));
    const [, nonce, signature] = token.split('.');
    const backdated = `${new Date('2026-06-05T09:00:00Z').getTime().toString(36)}.${nonce}.${signature}`;
    const now = new Date('2026-06-05T10:00:10Z');
    expect(checkFormToken(key, backdated, { ...rules, now })).toEqual({ ok: false, problem: 'invalid' });
    expect(checkFormToken(randomBytes(32), token, { ...rules, now })).toEqual({ ok: false, problem: 'invalid' });
    expect(checkFormToken(key, 'not-a-token', { ...rules, now })).toEqual({ ok: false, problem: 'invalid' });
  });

  it('gives every form its own nonce', () => {
    const now = new Date();
    const nonces = new Set(Array.from({ length: 20 }, () => issueFormToken(key, now).split('.')[1]));
    expect(nonces.size).toBe(20);
  });
});
