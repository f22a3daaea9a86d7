import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { AppConfig } from '../config/app-config.js';
import { OutboxFolder } from './outbox-folder.js';

export interface DeliveryResult {
  /** What the receiving server (or the outbox folder) said. */
  response: string;
}

/** An SMTP answer or connection failure, classified for the retry policy. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** A message as it leaves: its finished MIME bytes and the SMTP envelope they travel in. */
export interface OutgoingMime {
  bytes: Buffer;
  envelope: { from: string; to: string[] };
}

export interface MailTransport {
  readonly mode: 'smtp' | 'outbox';
  /** Sends that make progress at once (the SMTP pool's connections); more would only wait in a queue. */
  readonly parallel: number;
  /** Sends the bytes unchanged: what the outbox stores as sent is exactly what the server got. */
  send(mime: OutgoingMime): Promise<DeliveryResult>;
  close(): void;
}

const SMTP_CONNECTIONS = 5;

/** SMTP_URL set: nodemailer over SMTP (pooled). 5xx answers are permanent; 4xx and connection errors temporary. */
class SmtpTransport implements MailTransport {
  readonly mode = 'smtp' as const;
  readonly parallel = SMTP_CONNECTIONS;
  private readonly transport: Transporter;

  constructor(url: string, verifyTls: boolean) {
    // Inactivity limits well under the outbox lease (5 min): nodemailer's default 10 min socket timeout let a stalled
    // server hold a claimed mail past its lease, so another replica could claim and send it a second time.
    this.transport = nodemailer.createTransport({
      url,
      pool: true,
      maxConnections: SMTP_CONNECTIONS,
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 120_000,
      tls: { rejectUnauthorized: verifyTls },
    } as never);
  }

  async send(mime: OutgoingMime): Promise<DeliveryResult> {
    try {
      const info = (await this.transport.sendMail({ envelope: mime.envelope, raw: mime.bytes })) as { response?: string };
      return { response: info.response ?? '250 accepted' };
    } catch (error) {
      const failure = error as Error & { responseCode?: number; response?: string };
      const code = failure.responseCode;
      throw new DeliveryError(failure.response ?? failure.message, typeof code === 'number' && code >= 500 && code < 600);
    }
  }

  close() {
    this.transport.close();
  }
}

/** No SMTP configured: each mail is appended to the day's mbox file in DATA_DIR/outbox (outbox-folder.ts). */
class OutboxFolderTransport implements MailTransport {
  readonly mode = 'outbox' as const;
  /** A whole claimed batch at once: its mails are appended together in one group. */
  readonly parallel = 50;
  private readonly folder: OutboxFolder;

  constructor(folder: string, now?: () => Date) {
    this.folder = new OutboxFolder(folder, now);
  }

  async send(mime: OutgoingMime): Promise<DeliveryResult> {
    const file = await this.folder.write(mime.envelope.from, mime.bytes);
    return { response: `written to outbox/${file}` };
  }

  close() {
    void this.folder.close();
  }
}

/** `now` (the injected clock) dates the outbox folder's files; the SMTP transport has no use for it. */
export function createMailTransport(config: AppConfig, now?: () => Date): MailTransport {
  return config.SMTP_URL
    ? new SmtpTransport(config.SMTP_URL, config.SMTP_TLS_VERIFY)
    : new OutboxFolderTransport(join(config.DATA_DIR, 'outbox'), now);
}
