import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config.js';
import { createMailTransport } from './mail-transport.js';

describe('the outbox folder transport', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'newsdesk-outbox-'));
  const config = Object.assign(new AppConfig(), { DATA_DIR: dataDir, SMTP_URL: undefined });
  const mime = (text: string) => ({ bytes: Buffer.from(`Subject: ${text}\r\n\r\n${text}\r\n`), envelope: { from: 'news@newsdesk.example', to: ['reporter@daily.example'] } });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('writes each mail as an .eml file, and again after its folder was removed', async () => {
    const transport = createMailTransport(config);
    expect((await transport.send(mime('first'), 'first')).response).toBe('written to outbox/first.eml');
    rmSync(join(dataDir, 'outbox'), { recursive: true });
    expect((await transport.send(mime('second'), 'second')).response).toBe('written to outbox/second.eml');
    expect(readdirSync(join(dataDir, 'outbox'))).toEqual(['second.eml']);
    expect(readFileSync(join(dataDir, 'outbox', 'second.eml'), 'utf8')).toContain('Subject: second');
    transport.close();
  });

  it('writes the mails sent together in one group, each file byte for byte, and fails only the one that cannot be written', async () => {
    const transport = createMailTransport(config);
    const stems = Array.from({ length: 60 }, (_, n) => `group-${n}`);
    const results = await Promise.allSettled([...stems.map((stem) => transport.send(mime(stem), stem)), transport.send(mime('bad'), 'no-such-folder/bad')]);
    expect(results.slice(0, 60).map((result) => result.status === 'fulfilled' && result.value.response)).toEqual(stems.map((stem) => `written to outbox/${stem}.eml`));
    expect(results[60]).toMatchObject({ status: 'rejected', reason: { message: expect.stringContaining('ENOENT') } });
    for (const stem of stems) expect(readFileSync(join(dataDir, 'outbox', `${stem}.eml`)).equals(mime(stem).bytes)).toBe(true);
    transport.close();
  });
});
