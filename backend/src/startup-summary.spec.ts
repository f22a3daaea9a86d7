import { loadConfig, machineTimeZone } from './config/app-config.js';
import { startupSummary } from './startup-summary.js';

const noEnvFile = { path: '/srv/newsdesk/.env', found: false, applied: [] };

describe('startup summary', () => {
  it('says when the desk listens on this machine only, and where the embedded database lives', () => {
    const config = loadConfig({ HOST: '127.0.0.1', SMTP_HOST: '::1', SMTP_PORT: '2525', OFFICE_TIMEZONE: 'Europe/London' });
    const text = startupSummary({ config, envFile: noEnvFile, timeZoneConfigured: true, setupLink: null, cwd: '/srv/newsdesk' });

    expect(text).toMatch(/HTTP +listening on 127\.0\.0\.1:3000 \(this machine only\)/);
    expect(text).toMatch(/Mail in +SMTP listening on \[::1\]:2525 \(this machine only\)/);
    expect(text).toMatch(/Database +embedded PostgreSQL in \.\/data\/postgres \(127\.0\.0\.1:5488 only\)/);
    expect(text).toMatch(/Mail out +no SMTP_URL: mail is kept in \.\/data\/outbox \(not sent\)/);
    expect(text).toMatch(/Settings +environment only; copy \.env\.example to \.env/);
    expect(text).not.toContain('First run');
  });

  it('names the machine\'s time zone as the default and how to change it', () => {
    const config = loadConfig({ SMTP_PORT: '0', DATABASE_URL: 'postgres://secret:pw@db/newsdesk' });
    const text = startupSummary({ config, envFile: noEnvFile, timeZoneConfigured: false, setupLink: 'http://localhost:3000/setup?token=abc', cwd: '/srv/newsdesk' });

    expect(config.OFFICE_TIMEZONE).toBe(machineTimeZone());
    expect(text).toContain(`Time zone  ${machineTimeZone()}, this machine's; set OFFICE_TIMEZONE (e.g. Europe/Paris) in .env`);
    expect(text).toMatch(/Mail in +SMTP door off \(SMTP_PORT=0\)/);
    expect(text).toMatch(/Database +PostgreSQL at DATABASE_URL/);
    expect(text).not.toContain('secret:pw');
    expect(text.split('\n')).toContain('http://localhost:3000/setup?token=abc');
  });
});

describe('Node.js version', () => {
  const config = loadConfig({ OFFICE_TIMEZONE: 'UTC' });
  const summary = (nodeVersion: string) => startupSummary({ config, envFile: noEnvFile, timeZoneConfigured: true, setupLink: null, nodeVersion });

  it('warns on a Node.js older than the dependencies support, and not on 22.19 or 24', () => {
    expect(summary('20.20.2')).toMatch(/Node\.js +v20\.20\.2 is older than Newsdesk supports: install Node\.js 24 LTS/);
    expect(summary('22.18.0')).toContain('is older than Newsdesk supports');
    expect(summary('22.19.0')).not.toContain('older than');
    expect(summary('24.11.0')).not.toContain('older than');
    expect(summary('24.11.0')).toContain('Newsdesk is running (Node.js v24.11.0, development)');
  });
});

describe('office time zone default', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it('is the machine\'s zone, not UTC, when OFFICE_TIMEZONE is unset', () => {
    process.env.TZ = 'America/Chicago';
    expect(loadConfig({}).OFFICE_TIMEZONE).toBe('America/Chicago');
    expect(loadConfig({ OFFICE_TIMEZONE: 'Europe/Paris' }).OFFICE_TIMEZONE).toBe('Europe/Paris');
  });
});
