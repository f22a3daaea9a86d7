import { ConfigError, loadConfig } from './app-config.js';

describe('configuration', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, DATA_DIR: './data', MAIL_DOMAIN: 'newsdesk.localhost', SESSION_IDLE_MINUTES: 30 });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.secureCookies).toBe(false);
  });

  it('reads numbers, booleans and a public HTTPS URL', () => {
    const config = loadConfig({ PORT: '8080', TRUST_PROXY: 'true', PUBLIC_URL: 'https://news.example.org/' });
    expect(config.PORT).toBe(8080);
    expect(config.TRUST_PROXY).toBe(true);
    expect(config.publicUrl).toBe('https://news.example.org');
    expect(config.secureCookies).toBe(true);
  });

  it('reads the roles that must use two-factor sign-in, and refuses unknown ones', () => {
    expect(loadConfig({}).totpRequiredRoles).toEqual([]);
    expect(loadConfig({ AUTH_REQUIRE_TOTP_ROLES: ' admin , manager' }).totpRequiredRoles).toEqual(['admin', 'manager']);
    expect(() => loadConfig({ AUTH_REQUIRE_TOTP_ROLES: 'admin,root' })).toThrow(/AUTH_REQUIRE_TOTP_ROLES="admin,root": must be a comma-separated list of roles/);
  });

  it('signs replies as the officer by default, or as the office, and refuses other styles', () => {
    expect(loadConfig({}).MAIL_FROM_STYLE).toBe('person');
    expect(loadConfig({ MAIL_FROM_STYLE: 'office' }).MAIL_FROM_STYLE).toBe('office');
    expect(() => loadConfig({ MAIL_FROM_STYLE: 'robot' })).toThrow(/MAIL_FROM_STYLE/);
  });

  it('refuses invalid values with one readable line per problem', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', MAIL_DOMAIN: 'not a domain', APP_SECRET: 'short' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT="eighty": .*integer/),
        expect.stringMatching(/^DATABASE_URL: must be a postgres:\/\/ connection URL/),
        expect.stringMatching(/^MAIL_DOMAIN="not a domain": must be a domain name/),
        expect.stringMatching(/^APP_SECRET: must be at least 32 characters/),
      ]),
    );
    expect(message).toMatch(/^Invalid configuration:\n {2}- /);
    expect(message).not.toContain('short');
  });

  it('requires APP_SECRET for production replicas sharing a database', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/newsdesk' })).toThrow(/APP_SECRET: must be set in production/);
  });

  it('bounds every wait on the database by default, and refuses timeouts that would cut legitimate work short', () => {
    expect(loadConfig({})).toMatchObject({
      DB_CONNECT_TIMEOUT_MS: 10_000,
      DB_STATEMENT_TIMEOUT_MS: 30_000,
      DB_LONG_STATEMENT_TIMEOUT_MS: 3_600_000,
      DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: 60_000,
      INTAKE_COMMIT_TIMEOUT_MS: 15_000,
      HEALTH_TIMEOUT_MS: 2_000,
    });
    expect(() => loadConfig({ DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '10000', INTAKE_PARSE_TIMEOUT_MS: '20000' })).toThrow(
      /DB_IDLE_IN_TRANSACTION_TIMEOUT_MS=10000: must be longer than INTAKE_PARSE_TIMEOUT_MS=20000/,
    );
    expect(() => loadConfig({ DB_STATEMENT_TIMEOUT_MS: '120000', DB_LONG_STATEMENT_TIMEOUT_MS: '60000' })).toThrow(/DB_LONG_STATEMENT_TIMEOUT_MS=60000: must be at least/);
    // The SMTP door must answer within the 30 s a sending server is commonly willing to wait for.
    expect(() => loadConfig({ INTAKE_COMMIT_TIMEOUT_MS: '60000' })).toThrow(/INTAKE_COMMIT_TIMEOUT_MS/);
  });
});
