import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config.js';
import { createMailTransport } from './mail-transport.js';

describe('outbox folder transport', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'newsdesk-outbox-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('makes the folder on the first mail and again when it was removed while running', async () => {
    const config = Object.assign(new AppConfig(), { DATA_DIR: dataDir, SMTP_URL: undefined });
    const transport = createMailTransport(config);
    const mime = (text: string) => ({ bytes: Buffer.from(`Subject: ${text}\r\n\r\n${text}\r\n`), envelope: { from: 'press@newsdesk.test', to: ['a@paper.example'] } });

    expect(await transport.send(mime('first'), 'first')).toEqual({ response: 'written to outbox/first.eml' });
    rmSync(join(dataDir, 'outbox'), { recursive: true });
    expect(await transport.send(mime('second'), 'second')).toEqual({ response: 'written to outbox/second.eml' });

    expect(existsSync(join(dataDir, 'outbox', 'first.eml'))).toBe(false);
    expect(readFileSync(join(dataDir, 'outbox', 'second.eml'), 'utf8')).toContain('Subject: second');
  });
});
