import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth';
import type { DnsTable } from './dns-table.js';

/** A mail domain with a real DKIM key published in the test DNS; signs with mailauth's own signer. */
export class SigningDomain {
  private readonly privateKey: string;

  constructor(
    readonly domain: string,
    dns: DnsTable,
    readonly selector = 'test',
  ) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    dns.txt(`${selector}._domainkey.${domain}`, `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`);
  }

  /** The message with a DKIM-Signature header of this domain prepended. */
  async sign(bytes: Buffer): Promise<Buffer> {
    const key = { signingDomain: this.domain, selector: this.selector, privateKey: this.privateKey };
    // mailauth 4.x signs from signatureData; its bundled types also ask for the top-level fields.
    const result = await dkimSign(bytes, { canonicalization: 'relaxed/relaxed', ...key, signatureData: [key] });
    if (result.errors.length) throw new Error(`signing failed: ${JSON.stringify(result.errors)}`);
    return Buffer.concat([Buffer.from(result.signatures), bytes]);
  }
}
