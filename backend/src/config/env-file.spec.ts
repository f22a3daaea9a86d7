import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnvFile } from './env-file.js';

describe('.env file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'newsdesk-env-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('adds the file\'s settings under the ones the real environment sets, even empty ones', () => {
    const path = join(dir, '.env');
    writeFileSync(path, "# a comment\nPORT=4000\nOFFICE_TIMEZONE=Europe/Paris\nMAIL_FROM_NAME=\"Press Office, City Hall\"\nDATABASE_URL=postgres://file\nFORM_FRAME_ANCESTORS='self'\n");
    const env: NodeJS.ProcessEnv = { PORT: '5000', DATABASE_URL: '' };

    const result = loadEnvFile(path, env);

    expect({ ...result, applied: result.applied.sort() }).toEqual({ path, found: true, applied: ['FORM_FRAME_ANCESTORS', 'MAIL_FROM_NAME', 'OFFICE_TIMEZONE'] });
    expect(env).toEqual({
      PORT: '5000',
      DATABASE_URL: '',
      OFFICE_TIMEZONE: 'Europe/Paris',
      MAIL_FROM_NAME: 'Press Office, City Hall',
      FORM_FRAME_ANCESTORS: 'self',
    });
  });

  it('changes nothing when there is no .env', () => {
    const env: NodeJS.ProcessEnv = { PORT: '5000' };
    expect(loadEnvFile(join(dir, '.env'), env)).toEqual({ path: join(dir, '.env'), found: false, applied: [] });
    expect(env).toEqual({ PORT: '5000' });
  });
});
