import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  raw: Buffer;
  parsed: ParsedMail;
  envelopeTo: string[];
}

type SmtpError = Error & { responseCode?: number };

/**
 * A real SMTP server playing the journalist's mail server: it captures what we send, and can be
 * told to answer the next deliveries with given codes (e.g. 451, 451, then accept).
 */
export class CaptureSmtp {
  readonly received: CapturedMail[] = [];
  private readonly scripts: { marker: string; codes: number[] }[] = [];
  private server: SMTPServer | null = null;
  port = 0;

  /** The next deliveries of mail containing `marker` get these answers, in order; afterwards it is accepted. */
  answerNext(marker: string, ...codes: number[]) {
    this.scripts.push({ marker, codes });
  }

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          const script = this.scripts.find((entry) => entry.codes.length && raw.includes(entry.marker));
          const code = script?.codes.shift();
          if (code && code !== 250) {
            const error: SmtpError = new Error(code >= 500 ? '5.1.1 <mailbox unavailable>: user unknown' : '4.2.0 Try again later');
            error.responseCode = code;
            return callback(error);
          }
          simpleParser(raw).then(
            (parsed) => {
              this.received.push({ raw, parsed, envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address) });
              callback(null, 'Message accepted by the capture server');
            },
            (error: Error) => callback(error),
          );
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as { port: number }).port;
    return this;
  }

  get url() {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async stop() {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
