import { createHmac, createSecretKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from './app-config.js';

/** Keys derived from APP_SECRET, one per purpose, so no key is reused across mechanisms. */
export class AppSecrets {
  readonly cookieKey: string;
  /** A KeyObject, not a Buffer: HMAC with a Buffer key costs about 8× as much, and every request hashes its token. */
  private readonly tokenKey: KeyObject;
  readonly messageIdKey: Buffer;
  /** The public web form: signed form tokens, its Message-IDs and rate-limit keys, each under its own label. */
  readonly webFormKey: Buffer;
  /** Encrypts TOTP secrets at rest (AES-256-GCM). */
  readonly totpKey: Buffer;

  constructor(master: string) {
    const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, 'newsdesk', info, 32));
    this.cookieKey = derive('cookie').toString('base64url');
    this.tokenKey = createSecretKey(derive('api-token'));
    this.messageIdKey = derive('message-id');
    this.webFormKey = derive('web-form');
    this.totpKey = derive('totp-secret');
  }

  /** Keyed fast hash for long random secrets (API tokens, session ids). */
  hashToken(token: string): string {
    return createHmac('sha256', this.tokenKey).update(token).digest('hex');
  }

  static load(config: AppConfig): AppSecrets {
    if (config.APP_SECRET) return new AppSecrets(config.APP_SECRET);
    const file = join(config.DATA_DIR, 'app-secret');
    if (!existsSync(file)) {
      mkdirSync(config.DATA_DIR, { recursive: true });
      try {
        writeFileSync(file, randomBytes(48).toString('base64url'), { flag: 'wx', mode: 0o600 });
      } catch (error) {
        // Another process (the CLI, a second start) created it first: use theirs.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    chmodSync(file, 0o600);
    return new AppSecrets(readFileSync(file, 'utf8').trim());
  }
}
