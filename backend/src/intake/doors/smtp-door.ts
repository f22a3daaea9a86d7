import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { AppConfig } from '../../config/app-config.js';
import { IntakeService } from '../intake.service.js';
import { sharedBytes } from '../shared-bytes.js';

type SmtpError = Error & { responseCode?: number };

function smtpError(code: number, message: string): SmtpError {
  const error: SmtpError = new Error(message);
  error.responseCode = code;
  return error;
}

/**
 * The embedded SMTP receiver: accepts mail for the intake addresses only, answers 250 strictly
 * after the raw message is committed, 451 on any internal error or when the commit does not finish
 * within INTAKE_COMMIT_TIMEOUT_MS (a hung database; the sending server retries),
 * 552 past the size limit, 550 for other recipients.
 */
@Injectable()
export class SmtpDoor implements OnModuleDestroy {
  private readonly logger = new Logger('SmtpDoor');
  private server: SMTPServer | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly intake: IntakeService,
  ) {}

  /** Starts listening; returns the bound port (useful with SMTP_PORT=0 in tests… and 0 here means "any"). */
  async listen(port = this.config.SMTP_PORT, host = this.config.SMTP_HOST): Promise<number> {
    const config = this.config;
    const addresses = new Set(config.intakeAddresses);
    const tls = config.SMTP_TLS_KEY_FILE && config.SMTP_TLS_CERT_FILE
      ? { key: readFileSync(config.SMTP_TLS_KEY_FILE), cert: readFileSync(config.SMTP_TLS_CERT_FILE) }
      : null;
    const auth = config.SMTP_AUTH_USERNAME && config.SMTP_AUTH_PASSWORD ? { username: config.SMTP_AUTH_USERNAME, password: config.SMTP_AUTH_PASSWORD } : null;
    const disabled = [...(tls ? [] : ['STARTTLS']), ...(auth ? [] : ['AUTH'])];
    const options: SMTPServerOptions = {
      name: config.MAIL_DOMAIN,
      banner: 'Newsdesk intake',
      size: config.INTAKE_MAX_MESSAGE_BYTES,
      disabledCommands: disabled,
      authOptional: !auth,
      allowInsecureAuth: !tls,
      ...tls,
      logger: false,
      onAuth: (session, _connection, callback) => {
        const ok = auth && session.username === auth.username && session.password === auth.password;
        callback(ok ? null : smtpError(535, '5.7.8 Authentication credentials invalid'), ok ? { user: auth.username } : undefined);
      },
      onRcptTo: (address, _session, callback) => {
        if (addresses.has(address.address.toLowerCase())) return callback();
        callback(smtpError(550, `5.1.1 <${address.address}>: no such mailbox here`));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', (error) => callback(smtpError(451, `4.3.0 ${error.message}`)));
        stream.on('end', () => {
          if (stream.sizeExceeded) {
            return callback(smtpError(552, `5.3.4 Message too big: the limit is ${config.INTAKE_MAX_MESSAGE_BYTES} bytes`));
          }
          this.intake
            .accept({
              bytes: sharedBytes(chunks),
              door: 'smtp',
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address || '' : null,
              envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
              source: session.remoteAddress,
              // SPF looks at the IPv4 address, not its IPv6-mapped form.
              clientIp: session.remoteAddress.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, ''),
              helo: session.hostNameAppearsAs || null,
              smtpAuthenticated: !!session.user,
            })
            .then(
              (rawId) => callback(null, `2.0.0 Accepted as ${rawId}`),
              (error: Error) => {
                this.logger.error(`could not commit a message from ${session.remoteAddress}: ${error.message}`);
                callback(smtpError(451, '4.3.0 Temporary failure storing the message; please retry'));
              },
            );
        });
      },
    };
    const server = new SMTPServer(options);
    server.on('error', (error) => this.logger.warn(`SMTP: ${error.message}`));
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    const address = server.server.address();
    const bound = typeof address === 'object' && address ? address.port : port;
    this.logger.log(`SMTP intake listening on ${host}:${bound} for ${[...addresses].join(', ')}`);
    return bound;
  }

  /** Stops taking new work and waits for work in flight, before the parse pool and the database close. */
  async onModuleDestroy() {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
