import { EXCHANGE_ONLINE, parseAuthenticationResults, trustedAuthenticationResults } from './authentication-results.js';
import { aligned, verdictFromResults } from './sender-auth.js';

const TRUSTED = ['mx.newsdesk.example'];
const ar = (value: string): [string, string] => ['authentication-results', value];
const received = (from: string): [string, string] => ['received', `from ${from} by mx.newsdesk.example with ESMTPS; Mon, 1 Jun 2026 09:00:00 +0000`];

describe('parseAuthenticationResults', () => {
  it('reads the authserv-id, each method and result, properties and comments', () => {
    const header = parseAuthenticationResults(
      'mx.newsdesk.example 1; dkim=pass (2048-bit key) header.d=paper.example header.s=sel header.b="AbC;d"; spf=pass smtp.mailfrom=jane@paper.example; dmarc=pass (p=REJECT sp=NONE dis=NONE) header.from=paper.example',
    );
    expect(header?.authservId).toBe('mx.newsdesk.example');
    expect(header?.results.map((result) => `${result.method}=${result.result}`)).toEqual(['dkim=pass', 'spf=pass', 'dmarc=pass']);
    expect(header?.results[0].props).toMatchObject({ 'header.d': 'paper.example', 'header.b': 'AbC;d' });
    expect(header?.results[2].comment).toBe('p=REJECT sp=NONE dis=NONE');
  });

  it('reads "none" as no results and a quoted authserv-id, and ignores semicolons inside comments', () => {
    expect(parseAuthenticationResults('"mx.newsdesk.example"; none')).toEqual({ authservId: 'mx.newsdesk.example', results: [] });
    const header = parseAuthenticationResults('mx.newsdesk.example; dmarc=fail (p=reject; dis=reject) header.from=paper.example');
    expect(header?.results).toHaveLength(1);
    expect(header?.results[0]).toMatchObject({ method: 'dmarc', result: 'fail', comment: 'p=reject; dis=reject' });
  });

  it('returns null for an empty value', () => {
    expect(parseAuthenticationResults('   ')).toBeNull();
  });
});

describe('trustedAuthenticationResults', () => {
  it('trusts nobody when no authserv-id is configured', () => {
    expect(trustedAuthenticationResults([ar('mx.newsdesk.example; dmarc=pass header.from=paper.example')], [])).toBeNull();
  });

  it('takes the topmost header of a trusted server, skipping trace headers our own hops added above it', () => {
    const results = trustedAuthenticationResults(
      [received('mx.newsdesk.example'), ar('internal.filter; dmarc=fail'), ar('MX.newsdesk.example; dmarc=pass header.from=paper.example'), received('mail.paper.example')],
      TRUSTED,
    );
    expect(results?.map((result) => `${result.authservId} ${result.method}=${result.result}`)).toEqual(['mx.newsdesk.example dmarc=pass']);
  });

  it('ignores a forged header with the trusted id further down the message', () => {
    const results = trustedAuthenticationResults(
      [
        ar('mx.newsdesk.example; dkim=none; spf=fail smtp.mailfrom=attacker.example; dmarc=fail (p=reject) header.from=paper.example'),
        received('attacker.example'),
        ar('mx.newsdesk.example; dkim=pass header.d=paper.example; dmarc=pass header.from=paper.example'),
      ],
      TRUSTED,
    );
    expect(results?.filter((result) => result.method === 'dmarc').map((result) => result.result)).toEqual(['fail']);
    expect(verdictFromResults(results, 'jane@paper.example', true)).toMatchObject({ status: 'failed', dmarcPolicy: 'reject' });
  });

  it('never lets a header from another authserv-id vouch, wherever it sits', () => {
    const headers = [ar('evil.example; dkim=pass header.d=paper.example; dmarc=pass header.from=paper.example'), received('attacker.example')];
    expect(trustedAuthenticationResults(headers, TRUSTED)).toBeNull();
    expect(verdictFromResults(null, 'jane@paper.example', true)).toMatchObject({ status: 'unverified' });
  });

  it('reads consecutive headers of trusted servers as one block, the topmost result of each check counting', () => {
    const headers = [
      ar('mx.newsdesk.example; dmarc=fail (p=quarantine) header.from=paper.example'),
      ar('mx.newsdesk.example; dmarc=pass header.from=paper.example'),
      ar('other.example; dmarc=pass header.from=paper.example'),
      ar('mx.newsdesk.example; dkim=pass header.d=paper.example'),
    ];
    const results = trustedAuthenticationResults(headers, TRUSTED);
    expect(results?.map((result) => result.result)).toEqual(['fail', 'pass']);
    expect(verdictFromResults(results, 'jane@paper.example', true)).toMatchObject({ status: 'failed', dmarcPolicy: 'quarantine' });
  });
});

describe('Exchange Online (Authentication-Results without an authserv-id)', () => {
  const exchange =
    'spf=fail (sender IP is 203.0.113.9) smtp.mailfrom=attacker.example; dkim=none (message not signed) header.d=none;dmarc=fail action=oreject header.from=paper.example;compauth=fail reason=000';

  it('parses a header without an authserv-id, its first part being a result', () => {
    const header = parseAuthenticationResults(exchange);
    expect(header?.authservId).toBe('');
    expect(header?.results.map((result) => `${result.method}=${result.result}`)).toEqual(['spf=fail', 'dkim=none', 'dmarc=fail', 'compauth=fail']);
  });

  it('reads only the topmost header, and only when exchange-online is trusted', () => {
    const forgedPass = 'spf=pass smtp.mailfrom=paper.example; dmarc=pass action=none header.from=paper.example';
    expect(trustedAuthenticationResults([ar(exchange), received('attacker.example'), ar(forgedPass)], TRUSTED)).toBeNull();
    const results = trustedAuthenticationResults([ar(exchange), received('attacker.example'), ar(forgedPass)], [EXCHANGE_ONLINE]);
    expect(verdictFromResults(results, 'jane@paper.example', true)).toEqual({ status: 'failed', reason: 'DMARC fail for paper.example (p=reject), reported by exchange-online', dmarcPolicy: 'reject' });
    // A header Exchange did not add sits below its own trace headers, never on top of them.
    expect(trustedAuthenticationResults([received('attacker.example'), ar('mx.elsewhere.example; none'), ar(forgedPass)], [EXCHANGE_ONLINE])).toBeNull();
  });
});

describe('verdictFromResults', () => {
  const from = 'jane@news.paper.example';

  it('verifies a DMARC pass for the From domain and names who reported it', () => {
    const verdict = verdictFromResults([{ authservId: 'mx.newsdesk.example', method: 'dmarc', result: 'pass', props: { 'header.from': 'news.paper.example' }, comment: 'p=none' }], from, true);
    expect(verdict).toEqual({ status: 'verified', reason: 'DMARC pass for news.paper.example, reported by mx.newsdesk.example', dmarcPolicy: 'none' });
  });

  it('does not verify a DMARC pass reported for another From domain', () => {
    const verdict = verdictFromResults([{ authservId: 'mx.newsdesk.example', method: 'dmarc', result: 'pass', props: { 'header.from': 'attacker.example' }, comment: '' }], from, true);
    expect(verdict.status).toBe('unverified');
  });

  it('reads the policy from policy.dmarc or from Exchange-style action', () => {
    expect(verdictFromResults([{ authservId: 'a', method: 'dmarc', result: 'fail', props: { 'policy.dmarc': 'reject' }, comment: '' }], from, true).dmarcPolicy).toBe('reject');
    expect(verdictFromResults([{ authservId: 'a', method: 'dmarc', result: 'fail', props: { action: 'oreject' }, comment: '' }], from, true).dmarcPolicy).toBe('reject');
    expect(verdictFromResults([{ authservId: 'a', method: 'dmarc', result: 'fail', props: { action: 'pct.quarantine' }, comment: '' }], from, true).dmarcPolicy).toBe('quarantine');
    expect(verdictFromResults([{ authservId: 'a', method: 'dmarc', result: 'fail', props: { action: 'none' }, comment: '' }], from, true).dmarcPolicy).toBe('none');
  });

  it('aligns by organisational domain, per the public-suffix list', () => {
    expect(aligned('news.paper.co.uk', 'mail.paper.co.uk')).toBe(true);
    expect(aligned('paper.co.uk', 'co.uk')).toBe(false);
    expect(aligned('paper.co.uk', 'attacker.co.uk')).toBe(false);
    expect(aligned('victim.github.io', 'attacker.github.io')).toBe(false);
  });

  it('verifies an aligned DKIM pass without DMARC, but not an unaligned one', () => {
    expect(verdictFromResults([{ authservId: 'a', method: 'dkim', result: 'pass', props: { 'header.d': 'paper.example' }, comment: '' }], from, true).status).toBe('verified');
    expect(verdictFromResults([{ authservId: 'a', method: 'dkim', result: 'pass', props: { 'header.d': 'bulkmailer.example' }, comment: '' }], from, true).status).toBe('unverified');
  });

  it('says why nothing is verified when no trusted server is configured', () => {
    expect(verdictFromResults(null, from, false)).toMatchObject({ status: 'unverified', reason: expect.stringContaining('INTAKE_TRUSTED_AUTHSERV_IDS') });
  });
});
