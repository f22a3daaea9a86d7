import type { DmarcPolicy, SenderAuthStatus } from '@newsdesk/shared';
import { authenticate } from 'mailauth';
import { getDomain } from 'tldts';
import type { AuthResult } from './authentication-results.js';
import type { DnsResolver } from './dns-resolver.js';

/** What we concluded about who sent a message, stored with it. */
export interface SenderVerdict {
  status: SenderAuthStatus;
  reason: string;
  dmarcPolicy: DmarcPolicy | null;
}

/** How long the DNS work for one message may take before it counts as a temporary failure. */
const AUTHENTICATION_DEADLINE_MS = 20_000;
const POLICIES: readonly string[] = ['none', 'quarantine', 'reject'];

const asPolicy = (value: string | null | undefined): DmarcPolicy | null => {
  const lower = value?.toLowerCase().trim() ?? '';
  return POLICIES.includes(lower) ? (lower as DmarcPolicy) : null;
};

const domainOf = (address: string | null | undefined) => address?.split('@').pop()?.toLowerCase().replace(/\.$/, '') ?? '';

/** DMARC relaxed alignment: both domains belong to the same organisational domain (public-suffix list). */
export function aligned(fromDomain: string, domain: string): boolean {
  const organisation = (name: string) => getDomain(name.toLowerCase().replace(/^@/, ''), { allowPrivateDomains: true });
  const from = organisation(fromDomain);
  return !!from && from === organisation(domain);
}

// Headers that make mailauth read the body: a DKIM signature (body hash) or an ARC set (its message signature).
const BODY_SIGNATURE = /^(?:dkim-signature|arc-seal|arc-message-signature)[ \t]*:/im;

/**
 * What mailauth needs to see of a message: all of it when a header signs the body, else the header block
 * alone (SPF and DMARC read only the envelope and the headers), so unsigned large mail is not canonicalised for nothing.
 */
export function authenticatedPart(bytes: Buffer): Buffer {
  // The first empty line, whatever the line ends ("\n\n", "\r\n\r\n", "\n\r\n"), as mailauth's parser finds it.
  for (let lf = bytes.indexOf(0x0a); lf >= 0; lf = bytes.indexOf(0x0a, lf + 1)) {
    const next = bytes[lf + 1] === 0x0d ? lf + 2 : lf + 1;
    if (bytes[next] !== 0x0a) continue;
    const headerEnd = next + 1;
    return BODY_SIGNATURE.test(bytes.toString('latin1', 0, headerEnd)) ? bytes : bytes.subarray(0, headerEnd);
  }
  return bytes;
}

/**
 * SPF, DKIM, DMARC and ARC for a message the SMTP door took directly from the sending server,
 * with that server's address, HELO and MAIL FROM. DNS goes through `resolver` (bounded).
 */
export async function authenticateDirect(
  bytes: Buffer,
  envelope: { ip: string | null; helo: string | null; mailFrom: string | null },
  options: { resolver: DnsResolver; authservId: string },
): Promise<SenderVerdict> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), AUTHENTICATION_DEADLINE_MS);
  });
  try {
    const result = await Promise.race([
      authenticate(authenticatedPart(bytes), {
        ip: envelope.ip ?? undefined,
        helo: envelope.helo ?? undefined,
        sender: envelope.mailFrom ?? '',
        mta: options.authservId,
        resolver: options.resolver as never,
        disableBimi: true,
      }),
      deadline,
    ]);
    if (!result) return { status: 'unverified', reason: 'DNS lookups did not finish in time; the sender could not be checked', dmarcPolicy: null };
    const dkim = result.dkim.results ?? [];
    const dkimText = dkim.length
      ? dkim.map((row) => `DKIM ${row.status.result} for ${row.signingDomain}${row.status.comment ? ` (${row.status.comment})` : ''}`).join(', ')
      : 'no DKIM signature';
    const spf = result.spf ? result.spf.status : null;
    const spfText = spf ? `SPF ${spf.result}${spf.smtp?.mailfrom ? ` for ${domainOf(spf.smtp.mailfrom)}` : ''}` : 'no SPF result';
    const arcText = result.arc && result.arc.status.result !== 'none' ? `, ARC ${result.arc.status.result}` : '';
    const details = `${dkimText}; ${spfText}${arcText}`;
    const dmarc = result.dmarc || null;
    const fromDomain = dmarc ? dmarc.status.header?.from : null;
    const policy = dmarc ? asPolicy(dmarc.policy) ?? asPolicy(dmarc.p) : null;
    switch (dmarc?.status.result) {
      case 'pass':
        return { status: 'verified', reason: `DMARC pass for ${fromDomain} (${details})`, dmarcPolicy: policy };
      case 'fail':
        return { status: 'failed', reason: `DMARC fail for ${fromDomain} (p=${policy ?? 'none'}): ${details}`, dmarcPolicy: policy };
      case 'temperror':
      case 'permerror':
        return { status: 'unverified', reason: `DMARC ${dmarc.status.result} for ${fromDomain}: ${details}`, dmarcPolicy: policy };
    }
    // No DMARC record: an aligned passing DKIM signature or SPF still shows who sent it.
    const from = typeof fromDomain === 'string' && fromDomain ? fromDomain : null;
    const signed = from && dkim.find((row) => row.status.result === 'pass' && aligned(from, row.signingDomain));
    if (signed) return { status: 'verified', reason: `DKIM pass for ${signed.signingDomain}, aligned with the From domain (no DMARC record)`, dmarcPolicy: null };
    if (from && spf?.result === 'pass' && aligned(from, domainOf(spf.smtp?.mailfrom))) {
      return { status: 'verified', reason: `SPF pass for ${domainOf(spf.smtp?.mailfrom)}, aligned with the From domain (no DMARC record)`, dmarcPolicy: null };
    }
    return { status: 'unverified', reason: `no DMARC record${from ? ` for ${from}` : ''} and nothing aligned passed: ${details}`, dmarcPolicy: null };
  } catch (error) {
    return { status: 'unverified', reason: `the sender could not be checked: ${error instanceof Error ? error.message : String(error)}`, dmarcPolicy: null };
  } finally {
    clearTimeout(timer);
  }
}

/** The policy a DMARC result reports: `policy.dmarc=`, Exchange's `action=`, or `(p=REJECT …)` in its comment. */
function reportedPolicy(result: AuthResult): DmarcPolicy | null {
  const fromComment = /(?:^|\s)p=([a-z]+)/i.exec(result.comment)?.[1];
  // Exchange: `oreject`/`oquarantine` when its override let the mail through, `pct.` when sampled out.
  return asPolicy(result.props['policy.dmarc']) ?? asPolicy(fromComment) ?? asPolicy(result.props.action?.replace(/^(pct\.|o(?=reject|quarantine))/, ''));
}

/**
 * The verdict from results a trusted receiving server reported (see trustedAuthenticationResults).
 * For each check the topmost result counts: a result further down cannot overrule it.
 */
export function verdictFromResults(results: AuthResult[] | null, fromAddress: string | null, trustedConfigured: boolean): SenderVerdict {
  if (!trustedConfigured) return { status: 'unverified', reason: 'no trusted receiving server configured (INTAKE_TRUSTED_AUTHSERV_IDS)', dmarcPolicy: null };
  if (!results) return { status: 'unverified', reason: 'no Authentication-Results from a trusted receiving server', dmarcPolicy: null };
  const fromDomain = domainOf(fromAddress);
  const dmarc = results.find((result) => result.method === 'dmarc');
  const by = dmarc?.authservId ?? results[0]?.authservId ?? 'the receiving server';
  if (dmarc) {
    const domain = dmarc.props['header.from']?.toLowerCase() ?? fromDomain;
    const policy = reportedPolicy(dmarc);
    if (dmarc.result === 'pass') {
      // The server checked the From it saw; a different From here means the header changed since.
      if (fromDomain && domain !== fromDomain) {
        return { status: 'unverified', reason: `${by} reported DMARC pass for ${domain}, but the From domain is ${fromDomain}`, dmarcPolicy: policy };
      }
      return { status: 'verified', reason: `DMARC pass for ${domain}, reported by ${by}`, dmarcPolicy: policy };
    }
    if (dmarc.result === 'fail') return { status: 'failed', reason: `DMARC fail for ${domain} (p=${policy ?? 'none'}), reported by ${by}`, dmarcPolicy: policy };
  }
  const dkim = results.filter((result) => result.method === 'dkim');
  const firstDkim = dkim.find((result) => aligned(fromDomain, result.props['header.d'] ?? domainOf(result.props['header.i'])));
  if (firstDkim?.result === 'pass') {
    return { status: 'verified', reason: `DKIM pass for ${firstDkim.props['header.d'] ?? fromDomain}, aligned with the From domain, reported by ${firstDkim.authservId}`, dmarcPolicy: null };
  }
  const spf = results.find((result) => result.method === 'spf');
  const spfDomain = domainOf(spf?.props['smtp.mailfrom']);
  if (spf?.result === 'pass' && aligned(fromDomain, spfDomain)) {
    return { status: 'verified', reason: `SPF pass for ${spfDomain}, aligned with the From domain, reported by ${spf.authservId}`, dmarcPolicy: null };
  }
  const seen = results.map((result) => `${result.method}=${result.result}`).join(', ') || 'no results';
  return { status: 'unverified', reason: `nothing aligned passed (${seen}), reported by ${by}`, dmarcPolicy: dmarc ? reportedPolicy(dmarc) : null };
}
