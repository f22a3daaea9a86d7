import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { AppConfig } from '../config/app-config.js';

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

export interface MailTransport {
  readonly mode: 'smtp' | 'outbox';
  send(message: Mail.Options, fileStem: string): Promise<DeliveryResult>;
  close(): void;
}

/** SMTP_URL set: nodemailer over SMTP (pooled). 5xx answers are permanent; 4xx and connection errors temporary. */
class SmtpTransport implements MailTransport {
  readonly mode = 'smtp' as const;
  private readonly transport: Transporter;

  constructor(url: string, verifyTls: boolean) {
    this.transport = nodemailer.createTransport({ url, pool: true, maxConnections: 5, tls: { rejectUnauthorized: verifyTls } } as never);
  }

  async send(message: Mail.Options): Promise<DeliveryResult> {
    try {
      const info = (await this.transport.sendMail(message)) as { response?: string };
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

/** No SMTP configured: each mail becomes a readable .eml file in DATA_DIR/outbox. */
class OutboxFolderTransport implements MailTransport {
  readonly mode = 'outbox' as const;

  constructor(private readonly folder: string) {}

  async send(message: Mail.Options, fileStem: string): Promise<DeliveryResult> {
    const bytes = await new MailComposer(message).compile().build();
    mkdirSync(this.folder, { recursive: true });
    const name = `${fileStem}.eml`;
    writeFileSync(join(this.folder, name), bytes);
    return { response: `written to outbox/${name}` };
  }

  close() {}
}

export function createMailTransport(config: AppConfig): MailTransport {
  return config.SMTP_URL
    ? new SmtpTransport(config.SMTP_URL, config.SMTP_TLS_VERIFY)
    : new OutboxFolderTransport(join(config.DATA_DIR, 'outbox'));
}
