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
  private readonly holds: { marker: string; arrived: () => void; released: Promise<void> }[] = [];
  private server: SMTPServer | null = null;
  port = 0;

  /** The next deliveries of mail containing `marker` get these answers, in order; afterwards it is accepted. */
  answerNext(marker: string, ...codes: number[]) {
    this.scripts.push({ marker, codes });
  }

  /**
   * The next delivery of mail containing `marker` waits for its answer until `release()` is called:
   * a receiving server that stalls after DATA. `arrived` settles once that mail's bytes are in.
   */
  holdNext(marker: string): { arrived: Promise<void>; release: () => void } {
    let arrived!: () => void;
    let release!: () => void;
    const arrivedPromise = new Promise<void>((resolve) => (arrived = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.holds.push({ marker, arrived, released });
    return { arrived: arrivedPromise, release };
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
          const held = this.holds.findIndex((entry) => raw.includes(entry.marker));
          if (held >= 0) {
            const [hold] = this.holds.splice(held, 1);
            hold.arrived();
            void hold.released.then(() => this.answer(raw, session.envelope.rcptTo.map((rcpt) => rcpt.address), callback));
            return;
          }
          const script = this.scripts.find((entry) => entry.codes.length && raw.includes(entry.marker));
          const code = script?.codes.shift();
          if (code && code !== 250) {
            const error: SmtpError = new Error(code >= 500 ? '5.1.1 <mailbox unavailable>: user unknown' : '4.2.0 Try again later');
            error.responseCode = code;
            return callback(error);
          }
          this.answer(raw, session.envelope.rcptTo.map((rcpt) => rcpt.address), callback);
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as { port: number }).port;
    return this;
  }

  private answer(raw: Buffer, envelopeTo: string[], callback: (error?: Error | null, message?: string) => void) {
    simpleParser(raw).then(
      (parsed) => {
        this.received.push({ raw, parsed, envelopeTo });
        callback(null, 'Message accepted by the capture server');
      },
      (error: Error) => callback(error),
    );
  }

  get url() {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async stop() {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
