import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config.js';
import { splitMbox } from '../intake/import-files.js';
import { createMailTransport } from './mail-transport.js';

describe('the outbox folder transport', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'newsdesk-outbox-'));
  const outbox = join(dataDir, 'outbox');
  const config = Object.assign(new AppConfig(), { DATA_DIR: dataDir, SMTP_URL: undefined });
  const mime = (text: string, body = text) => ({
    bytes: Buffer.from(`From: news@newsdesk.example\r\nSubject: ${text}\r\n\r\n${body}\r\n`),
    envelope: { from: 'news@newsdesk.example', to: ['reporter@daily.example'] },
  });
  let now = new Date('2026-12-07T23:59:58Z');
  const clock = () => now;

  afterEach(() => rmSync(outbox, { recursive: true, force: true }));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("appends each mail to the day's mbox (UTC days), and again after its folder was removed", async () => {
    const transport = createMailTransport(config, clock);
    now = new Date('2026-12-07T23:59:58Z');
    expect((await transport.send(mime('first'))).response).toBe('written to outbox/2026-12-07.mbox');
    expect((await transport.send(mime('second'))).response).toBe('written to outbox/2026-12-07.mbox');
    now = new Date('2026-12-08T00:00:01Z');
    expect((await transport.send(mime('third'))).response).toBe('written to outbox/2026-12-08.mbox');
    const first = readFileSync(join(outbox, '2026-12-07.mbox'), 'latin1');
    expect(first.startsWith('From news@newsdesk.example Mon Dec  7 23:59:58 2026\r\nFrom: news@newsdesk.example\r\n')).toBe(true);
    expect(splitMbox(readFileSync(join(outbox, '2026-12-07.mbox'))).map(String)).toEqual([String(mime('first').bytes), String(mime('second').bytes)]);
    rmSync(outbox, { recursive: true });
    expect((await transport.send(mime('fourth'))).response).toBe('written to outbox/2026-12-08.mbox');
    expect(readdirSync(outbox)).toEqual(['2026-12-08.mbox']);
    expect(splitMbox(readFileSync(join(outbox, '2026-12-08.mbox'))).map(String)).toEqual([String(mime('fourth').bytes)]);
    transport.close();
  });

  it('appends the mails sent together as one group, each read back byte for byte, body lines that start with "From " included', async () => {
    const transport = createMailTransport(config, clock);
    const mails = Array.from({ length: 60 }, (_, n) =>
      mime(`group-${n}`, n % 3 === 0 ? `From the desk:\r\n>From an earlier mail\r\n>>From further back\r\nFrom here on, ${n}` : `Mail ${n}, a lone CR\rFrom here stays as it is`),
    );
    const results = await Promise.all(mails.map((mail) => transport.send(mail)));
    expect(new Set(results.map((result) => result.response))).toEqual(new Set([`written to outbox/${now.toISOString().slice(0, 10)}.mbox`]));
    const file = readFileSync(join(outbox, readdirSync(outbox)[0]));
    // mboxrd: one more ">" on each such line in the file, none of them a separator.
    expect(file.toString('latin1')).toContain('\r\n>From the desk:\r\n>>From an earlier mail\r\n>>>From further back\r\n>From here on, 0\r\n');
    expect(file.toString('latin1')).toContain('Mail 1, a lone CR\rFrom here stays as it is\r\n');
    const read = splitMbox(file);
    expect(read).toHaveLength(60);
    read.forEach((bytes, n) => expect(bytes.equals(mails[n].bytes)).toBe(true));
    transport.close();
  });

  it('fails the whole group, with the reason, when the file cannot be written, and writes the next one once it can', async () => {
    const transport = createMailTransport(config, clock);
    const file = join(outbox, `${now.toISOString().slice(0, 10)}.mbox`);
    // A folder where the day's file belongs: the open fails.
    mkdirSync(file, { recursive: true });
    const failed = await Promise.allSettled([transport.send(mime('one')), transport.send(mime('two'))]);
    expect(failed).toEqual([
      { status: 'rejected', reason: expect.objectContaining({ message: expect.stringContaining('EISDIR') }) },
      { status: 'rejected', reason: expect.objectContaining({ message: expect.stringContaining('EISDIR') }) },
    ]);
    rmSync(file, { recursive: true });
    await transport.send(mime('three'));
    expect(splitMbox(readFileSync(file)).map(String)).toEqual([String(mime('three').bytes)]);
    transport.close();
  });
});
