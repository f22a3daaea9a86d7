import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The form token: when the form page was served, signed so a bot cannot backdate it, plus a nonce
 * that makes a resubmission of the same form recognisable. `<issued ms, base36>.<nonce>.<signature>`.
 */
export type FormTokenCheck =
  | { ok: true; nonce: string; issuedAt: Date }
  | { ok: false; problem: 'invalid' | 'expired' | 'too_fast' };

const LABEL = 'web-form-token\u0000';

function sign(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(LABEL).update(payload).digest('base64url');
}

export function issueFormToken(key: Buffer, now: Date): string {
  const payload = `${now.getTime().toString(36)}.${randomBytes(12).toString('base64url')}`;
  return `${payload}.${sign(key, payload)}`;
}

export function checkFormToken(key: Buffer, token: string, rules: { now: Date; minAgeMs: number; maxAgeMs: number }): FormTokenCheck {
  const match = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return { ok: false, problem: 'invalid' };
  const [, issued, nonce, signature] = match;
  const expected = Buffer.from(sign(key, `${issued}.${nonce}`));
  if (!timingSafeEqual(expected, Buffer.from(signature))) return { ok: false, problem: 'invalid' };
  const issuedAt = new Date(parseInt(issued, 36));
  const age = rules.now.getTime() - issuedAt.getTime();
  if (age > rules.maxAgeMs) return { ok: false, problem: 'expired' };
  if (age < rules.minAgeMs) return { ok: false, problem: 'too_fast' };
  return { ok: true, nonce, issuedAt };
}
