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
  });
});
