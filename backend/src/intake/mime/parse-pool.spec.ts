import { MailBoundsError } from './parsed-mail.js';
import { ParsePool } from './parse-pool.js';

const deadline = { receivedAt: Date.UTC(2026, 11, 7, 9), timeZone: 'Europe/London' };
const limits = (timeoutMs: number) => ({ maxParts: 100, maxNesting: 10, maxHeaderBytes: 256 * 1024, timeoutMs });
const mail = (index: number, body = `Question ${index} about the harbour.`) =>
  Buffer.from(`From: Reporter ${index} <r${index}@paper.example>\r\nTo: news@desk.example\r\nSubject: Inquiry ${index}\r\nMessage-ID: <q${index}@paper.example>\r\n\r\n${body}\r\n`);

describe('ParsePool', () => {
  let pool: ParsePool | null = null;
  afterEach(async () => {
    await pool?.close();
    pool = null;
  });

  it('parses a burst of messages handed over several at a time, each to its own result', async () => {
    pool = new ParsePool(2, limits(60_000));
    const bombParts = Array.from({ length: 150 }, (_, part) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${part}`).join('\r\n');
    const bomb = Buffer.from(`From: b@evil.example\r\nSubject: wide\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${bombParts}\r\n--b--\r\n`);
    // A message refused by the worker in the middle of a burst fails alone.
    const inputs = Array.from({ length: 40 }, (_, index) => (index === 13 ? bomb : mail(index)));
    const outcomes = await Promise.allSettled(inputs.map((bytes) => pool!.parse(bytes, deadline)));
    outcomes.forEach((outcome, index) => {
      if (index === 13) {
        expect(outcome.status).toBe('rejected');
        expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(MailBoundsError);
        return;
      }
      expect(outcome.status).toBe('fulfilled');
      const parsed = (outcome as PromiseFulfilledResult<Awaited<ReturnType<ParsePool['parse']>>>).value;
      expect(parsed.subject).toBe(`Inquiry ${index}`);
      expect(parsed.from?.address).toBe(`r${index}@paper.example`);
    });
  });

  it('fails each message past its time limit with that reason, a fresh worker taking the messages handed over after it', async () => {
    // 1 ms: no worker can even load the parser in time, so every message of the burst times out, one after the other.
    pool = new ParsePool(1, limits(1));
    const outcomes = await Promise.allSettled(Array.from({ length: 4 }, (_, index) => pool!.parse(mail(index), deadline)));
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(MailBoundsError);
      expect(((outcome as PromiseRejectedResult).reason as Error).message).toBe('parsing took longer than 1 ms');
    }
  });
});
