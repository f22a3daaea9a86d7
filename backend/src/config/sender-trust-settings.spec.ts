import { ConfigError, loadConfig } from './app-config.js';

describe('own addresses and trusted authserv-ids (configuration)', () => {
  it('counts every intake address and the configured aliases as our own, lower-cased and once each', () => {
    const config = loadConfig({ INTAKE_ADDRESSES: 'News@Press.example, press@press.example', INTAKE_OWN_ADDRESSES: 'presse@press.example,PRESS@press.example' });
    expect(config.ownAddresses).toEqual(['news@press.example', 'press@press.example', 'presse@press.example']);
  });

  it('defaults to news@MAIL_DOMAIN, no trusted authserv-id, and quarantining DMARC failures of reject/quarantine domains', () => {
    const config = loadConfig({ MAIL_DOMAIN: 'press.example' });
    expect(config.ownAddresses).toEqual(['news@press.example']);
    expect(config.trustedAuthservIds).toEqual([]);
    expect(config.INTAKE_DMARC_ENFORCEMENT).toBe('quarantine');
  });

  it('reads trusted authserv-ids and refuses malformed settings with a readable line each', () => {
    expect(loadConfig({ INTAKE_TRUSTED_AUTHSERV_IDS: 'MX.press.example, exchange-online' }).trustedAuthservIds).toEqual(['mx.press.example', 'exchange-online']);
    let error: unknown;
    try {
      loadConfig({ INTAKE_TRUSTED_AUTHSERV_IDS: 'mx.press.example; dmarc=pass', INTAKE_OWN_ADDRESSES: 'not an address', INTAKE_DMARC_ENFORCEMENT: 'ignore' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^INTAKE_TRUSTED_AUTHSERV_IDS=.*comma-separated list of host names/),
        expect.stringMatching(/^INTAKE_OWN_ADDRESSES=.*comma-separated list of email addresses/),
        expect.stringMatching(/^INTAKE_DMARC_ENFORCEMENT="ignore": /),
      ]),
    );
  });
});
