import { Inject, Injectable } from '@nestjs/common';
import type { IntakeDoor } from '@newsdesk/shared';
import { AppConfig } from '../config/app-config.js';
import { trustedAuthenticationResults } from './authentication-results.js';
import { DNS_RESOLVER, type DnsResolver } from './dns-resolver.js';
import { authenticateDirect, verdictFromResults, type SenderVerdict } from './sender-auth.js';

/** What a raw message carries for its sender check. */
export interface SenderEvidence {
  door: IntakeDoor;
  bytes: Buffer;
  envelopeFrom: string | null;
  clientIp: string | null;
  helo: string | null;
  smtpAuthenticated: boolean;
  /** Parsed header lines, top first, names lower-cased. */
  headers: [string, string][];
  from: string | null;
}

/**
 * Decides per door how a sender is checked: mail the SMTP door took from the sending server is
 * evaluated here (SPF, DKIM, DMARC, ARC via mailauth); mail that went through another server first
 * (IMAP, webhook, import, an authenticated relay) is judged only by a trusted server's
 * Authentication-Results; the web form's address is never verified.
 */
@Injectable()
export class SenderAuthService {
  constructor(
    private readonly config: AppConfig,
    @Inject(DNS_RESOLVER) private readonly resolver: DnsResolver,
  ) {}

  verdict(evidence: SenderEvidence): Promise<SenderVerdict> | SenderVerdict {
    const trusted = this.config.trustedAuthservIds;
    if (evidence.door === 'web') return { status: 'unverified', reason: 'sent through the web form: the address was not checked', dmarcPolicy: null };
    if (evidence.door === 'smtp' && !(evidence.smtpAuthenticated && trusted.length)) {
      return authenticateDirect(
        evidence.bytes,
        { ip: evidence.clientIp, helo: evidence.helo, mailFrom: evidence.envelopeFrom },
        { resolver: this.resolver, authservId: this.config.MAIL_DOMAIN },
      );
    }
    return verdictFromResults(trustedAuthenticationResults(evidence.headers, trusted), evidence.from, trusted.length > 0);
  }
}
