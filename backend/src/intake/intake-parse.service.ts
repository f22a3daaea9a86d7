import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { hashMessageId, normaliseMessageId } from './message-ids.js';
import { PARSE_POOL_SIZE, ParsePool } from './mime/parse-pool.js';
import type { ParsedMail } from './mime/parsed-mail.js';
import { withEnvelopeSender } from './mime/sender.js';
import type { ClaimedRawRow } from './raw-messages.repository.js';
import type { SenderVerdict } from './sender-auth.js';
import { SenderAuthService } from './sender-auth.service.js';

/** A failure that is the message's own (too big, unparseable, a forged own address): it is quarantined, the rest goes on. */
export class Quarantine extends Error {}

/** PostgreSQL text cannot hold NUL; mail sometimes does. */
// oxlint-disable-next-line no-control-regex -- removing NUL is the point
export const clean = (value: string | null | undefined): string | null => (value == null ? null : value.replace(/\u0000/g, ''));

export type ClaimedRaw = ClaimedRawRow & { bytes: Buffer };

/** A claimed raw message after the parse stage: everything the later stages decide on. */
export interface PreparedMail {
  raw: ClaimedRaw;
  parsed: ParsedMail;
  /** Normalised, or derived from the bytes for mail without one. */
  messageId: string;
  /** Lower-cased sender address. */
  from: string | null;
  /** For the intake log (at most 1,000 characters). */
  subject: string | null;
  /** Written on the message it becomes, and on the raw message. */
  verdict: SenderVerdict;
}

/**
 * The parse stage: mailparser on the worker pool and, for SMTP mail, the SPF/DKIM/DMARC check on
 * the sender-auth workers beside it; the main thread only hands bytes over and gets plain data back.
 */
@Injectable()
export class IntakeParseService implements OnApplicationShutdown {
  private readonly pool: ParsePool;

  constructor(
    private readonly config: AppConfig,
    private readonly senderAuth: SenderAuthService,
  ) {
    this.pool = new ParsePool(PARSE_POOL_SIZE, {
      maxParts: config.INTAKE_MAX_PARTS,
      maxNesting: config.INTAKE_MAX_NESTING,
      maxHeaderBytes: 256 * 1024,
      timeoutMs: config.INTAKE_PARSE_TIMEOUT_MS,
    });
  }

  // After every worker and door has stopped (they stop in onModuleDestroy, which runs first).
  async onApplicationShutdown() {
    await this.pool.close();
  }

  /** Parses and checks the sender; throws Quarantine for a message that cannot be taken (too big, unparseable). */
  async prepare(raw: ClaimedRaw): Promise<PreparedMail> {
    if (raw.bytes.length > this.config.INTAKE_MAX_MESSAGE_BYTES) {
      throw new Quarantine(`message is ${raw.bytes.length} bytes; the limit is ${this.config.INTAKE_MAX_MESSAGE_BYTES}`);
    }
    const evidence = {
      door: raw.door,
      bytes: raw.bytes,
      envelopeFrom: raw.envelope_from,
      clientIp: raw.client_ip,
      helo: raw.helo,
      smtpAuthenticated: raw.smtp_authenticated,
    };
    // SMTP mail is checked from its bytes alone: on the sender-auth workers while the parse workers parse.
    const early = this.senderAuth.fromBytes(evidence);
    early?.catch(() => undefined);
    const parsed = withEnvelopeSender(
      await this.pool.parse(raw.bytes, { receivedAt: raw.received_at.getTime(), timeZone: this.config.OFFICE_TIMEZONE }).catch((error: Error) => {
        throw new Quarantine(error.message);
      }),
      raw.envelope_from,
    );
    const messageId = normaliseMessageId(parsed.messageId) ?? hashMessageId(raw.bytes);
    const from = parsed.from?.address.toLowerCase() ?? null;
    const verdict = await (early ?? this.senderAuth.verdict({ ...evidence, headers: parsed.headers, from }));
    return { raw, parsed, messageId, from, subject: clean(parsed.subject)?.slice(0, 1000) ?? null, verdict };
  }
}
