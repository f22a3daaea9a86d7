import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { IntakeDoor } from '@newsdesk/shared';
import { AppConfig } from '../config/app-config.js';
import { trustedAuthenticationResults } from './authentication-results.js';
import { DNS_RESOLVER, type DnsResolver } from './dns-resolver.js';
import { verdictFromResults, type SenderVerdict } from './sender-auth.js';
import { SenderAuthPool } from './sender-auth-pool.js';

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
 * evaluated here (SPF, DKIM, DMARC, ARC via mailauth, on worker threads); mail that went through another server first
 * (IMAP, webhook, import, an authenticated relay) is judged only by a trusted server's
 * Authentication-Results; the web form's address is never verified.
 */
@Injectable()
export class SenderAuthService implements OnApplicationShutdown {
  private readonly pool: SenderAuthPool;

  constructor(
    private readonly config: AppConfig,
    @Inject(DNS_RESOLVER) resolver: DnsResolver,
  ) {
    this.pool = new SenderAuthPool(2, resolver);
  }

  // After the doors and the intake worker stopped (onModuleDestroy runs first).
  async onApplicationShutdown() {
    await this.pool.close();
  }

  verdict(evidence: SenderEvidence): Promise<SenderVerdict> | SenderVerdict {
    const trusted = this.config.trustedAuthservIds;
    if (evidence.door === 'web') return { status: 'unverified', reason: 'sent through the web form: the address was not checked', dmarcPolicy: null };
    return this.fromBytes(evidence) ?? verdictFromResults(trustedAuthenticationResults(evidence.headers, trusted), evidence.from, trusted.length > 0);
  }

  /**
   * The verdict of a message the SMTP door took from the sending server, which needs only its bytes
   * and envelope, so it can run beside the parse; null when the verdict needs the parsed headers.
   */
  fromBytes(evidence: Omit<SenderEvidence, 'headers' | 'from'>): Promise<SenderVerdict> | null {
    if (evidence.door !== 'smtp' || (evidence.smtpAuthenticated && this.config.trustedAuthservIds.length)) return null;
    return this.pool.authenticate(evidence.bytes, { ip: evidence.clientIp, helo: evidence.helo, mailFrom: evidence.envelopeFrom }, this.config.MAIL_DOMAIN);
  }
}
