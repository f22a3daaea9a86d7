import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  Validate,
  validateSync,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidationError,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { USER_ROLES, type UserRole } from '@newsdesk/shared';
import { parseImapMailboxes, type ImapMailboxConfig } from '../intake/doors/imap-mailbox-url.js';
import { parseHolidays, parseOfficeHours } from '../metrics/office-hours.js';

const NUMERIC_KEYS = [
  'PORT',
  'EMBEDDED_PG_PORT',
  'SESSION_IDLE_MINUTES',
  'SESSION_ABSOLUTE_HOURS',
  'LOGIN_MAX_ATTEMPTS',
  'LOGIN_LOCKOUT_MINUTES',
  'PASSWORD_RESET_TOKEN_MINUTES',
  'PASSWORD_RESET_MAX_PER_EMAIL_PER_HOUR',
  'PASSWORD_RESET_MAX_PER_IP_PER_HOUR',
  'CALENDAR_FEED_MAX_PER_LINK_PER_HOUR',
  'CALENDAR_FEED_MAX_PER_IP_PER_HOUR',
  'PASSWORD_MIN_SCORE',
  'SMTP_PORT',
  'INTAKE_MAX_MESSAGE_BYTES',
  'INTAKE_MAX_PARTS',
  'INTAKE_MAX_NESTING',
  'INTAKE_PARSE_TIMEOUT_MS',
  'INTAKE_CONCURRENCY',
  'INTAKE_BATCH_SIZE',
  'INTAKE_BATCH_BYTES',
  'ACK_RATE_LIMIT_PER_HOUR',
  'IMAP_POLL_SECONDS',
  'WEB_FORM_MAX_ATTACHMENTS',
  'WEB_FORM_MAX_ATTACHMENT_BYTES',
  'WEB_FORM_MAX_TOTAL_BYTES',
  'WEB_FORM_MIN_FILL_SECONDS',
  'WEB_FORM_TOKEN_MAX_AGE_HOURS',
  'WEB_FORM_MAX_PER_IP_PER_HOUR',
  'WEB_FORM_MAX_PER_EMAIL_PER_HOUR',
  'WEB_FORM_ACK_MAX_PER_RECIPIENT_PER_DAY',
  'WEB_FORM_ACK_MAX_PER_IP_PER_DAY',
  'INTAKE_WEBHOOK_MAX_AGE_SECONDS',
  'OUTBOX_MAX_ATTEMPTS',
  'OUTBOX_RETRY_BASE_MS',
  'REPLY_UNDO_SECONDS',
  'METRICS_REFRESH_SECONDS',
  'RETENTION_MONTHS',
  'DB_CONNECT_TIMEOUT_MS',
  'DB_STATEMENT_TIMEOUT_MS',
  'DB_LONG_STATEMENT_TIMEOUT_MS',
  'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS',
  'DB_LISTENER_KEEPALIVE_MS',
  'INTAKE_COMMIT_TIMEOUT_MS',
  'HEALTH_TIMEOUT_MS',
  'WORKER_POLL_MS',
] as const;
const OPTIONAL_KEYS = [
  'SMTP_URL',
  'DATABASE_URL',
  'PUBLIC_URL',
  'APP_SECRET',
  'INTAKE_ADDRESSES',
  'INTAKE_WEBHOOK_SECRET',
  'INTAKE_TRUSTED_AUTHSERV_IDS',
  'INTAKE_OWN_ADDRESSES',
  'SMTP_TLS_KEY_FILE',
  'SMTP_TLS_CERT_FILE',
  'SMTP_AUTH_USERNAME',
  'SMTP_AUTH_PASSWORD',
  'IMAP_MAILBOXES',
  'OFFICE_HOURS',
  'OFFICE_HOLIDAYS',
  'AUTH_REQUIRE_TOTP_ROLES',
];
// Their values are never echoed in configuration errors.
// Values never echoed in configuration errors.
const SECRET_VALUED_KEYS = new Set(['IMAP_MAILBOXES', 'APP_SECRET', 'SMTP_AUTH_PASSWORD', 'INTAKE_WEBHOOK_SECRET', 'DATABASE_URL', 'SMTP_URL']);
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
const TIME_ZONE = /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/;

function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || !TIME_ZONE.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The machine's IANA time zone (TZ, else the system setting), or UTC when it has none we can use. */
export function machineTimeZone(env: NodeJS.ProcessEnv = process.env): string {
  if (isTimeZone(env.TZ)) return env.TZ;
  const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  return isTimeZone(zone) ? zone : 'UTC';
}

const FRAME_SOURCE = String.raw`('?(self|none)'?|https?://(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?/?)`;
const FRAME_ANCESTORS = new RegExp(`^\\s*${FRAME_SOURCE}(\\s+${FRAME_SOURCE})*\\s*$`, 'i');

const toBoolean = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;

@ValidatorConstraint({ name: 'imapMailboxes' })
class ImapMailboxesRule implements ValidatorConstraintInterface {
  validate(value: unknown) {
    return typeof value === 'string' && parseImapMailboxes(value).problems.length === 0;
  }
  defaultMessage(args?: ValidationArguments) {
    const problems = typeof args?.value === 'string' ? parseImapMailboxes(args.value).problems : ['must be a string'];
    return `${problems.join('; ')} (format: imaps://user:password@host:993/INBOX?processed=Processed&name=press, comma-separated)`;
  }
}

@ValidatorConstraint({ name: 'officeHours' })
class OfficeHoursRule implements ValidatorConstraintInterface {
  validate(value: unknown) {
    if (typeof value !== 'string') return false;
    const hours = parseOfficeHours(value);
    return hours.problems.length === 0 && hours.days.length > 0;
  }
  defaultMessage(args?: ValidationArguments) {
    const problems = typeof args?.value === 'string' ? parseOfficeHours(args.value).problems : [];
    return `${problems.join('; ') || 'names no opening hours'} (format: Mon-Fri 09:00-17:30, several separated by commas)`;
  }
}

@ValidatorConstraint({ name: 'holidays' })
class HolidaysRule implements ValidatorConstraintInterface {
  validate(value: unknown) {
    return typeof value === 'string' && parseHolidays(value).problems.length === 0;
  }
  defaultMessage(args?: ValidationArguments) {
    return `${typeof args?.value === 'string' ? parseHolidays(args.value).problems.join('; ') : 'must be a string'} (format: 2026-12-25,2026-12-26)`;
  }
}

/** Environment of the whole app, validated once at boot. */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// connection URL' })
  DATABASE_URL?: string;

  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  PUBLIC_URL?: string;

  @Matches(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i, {
    message: 'must be a domain name such as example.org',
  })
  MAIL_DOMAIN = 'newsdesk.localhost';

  /** Secret for cookie signing, token hashing and signed Message-IDs; generated into DATA_DIR when unset. */
  @IsOptional()
  @MinLength(32, { message: 'must be at least 32 characters (try: openssl rand -base64 48)' })
  APP_SECRET?: string;

  @IsInt()
  @Min(1)
  @Max(65535)
  EMBEDDED_PG_PORT = 5488;

  @IsInt()
  @Min(1)
  @Max(24 * 60)
  SESSION_IDLE_MINUTES = 30;

  @IsInt()
  @Min(1)
  @Max(24 * 30)
  SESSION_ABSOLUTE_HOURS = 12;

  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_MAX_ATTEMPTS = 5;

  @IsInt()
  @Min(1)
  @Max(24 * 60)
  LOGIN_LOCKOUT_MINUTES = 15;

  /** How long an emailed "forgot password" link works; it works once. */
  @IsInt()
  @Min(5)
  @Max(24 * 60)
  PASSWORD_RESET_TOKEN_MINUTES = 30;

  /** Reset mails one address may be sent per hour (anyone can type any address); further requests get the same answer and no mail. */
  @IsInt()
  @Min(1)
  @Max(100)
  PASSWORD_RESET_MAX_PER_EMAIL_PER_HOUR = 3;

  /** Reset requests one network (IPv6: /64) may make per hour, whatever the address; past it, 429. */
  @IsInt()
  @Min(1)
  @Max(10_000)
  PASSWORD_RESET_MAX_PER_IP_PER_HOUR = 20;

  /** Fetches of one deadline-calendar link per hour (calendar apps refresh every few minutes at most); past it, 429. */
  @IsInt()
  @Min(1)
  @Max(10_000)
  CALENDAR_FEED_MAX_PER_LINK_PER_HOUR = 60;

  /** Deadline-calendar requests from one network (IPv6: /64) per hour, good links or not; hosted calendars fetch many links from few addresses. */
  @IsInt()
  @Min(1)
  @Max(100_000)
  CALENDAR_FEED_MAX_PER_IP_PER_HOUR = 600;

  /** Least zxcvbn score (0-4) a new password must reach; 3 means "safely unguessable" against offline attacks on a slow hash. */
  @IsInt()
  @Min(1)
  @Max(4)
  PASSWORD_MIN_SCORE = 3;

  /** Roles that must sign in with a second factor (TOTP), comma-separated, e.g. `admin,manager`; unset: optional for everyone. */
  @IsOptional()
  @Matches(/^\s*(admin|manager|agent)(\s*,\s*(admin|manager|agent))*\s*$/, { message: 'must be a comma-separated list of roles: admin, manager, agent' })
  AUTH_REQUIRE_TOTP_ROLES?: string;

  get totpRequiredRoles(): UserRole[] {
    return (this.AUTH_REQUIRE_TOTP_ROLES ?? '').split(',').map((role) => role.trim()).filter((role): role is UserRole => USER_ROLES.includes(role as UserRole));
  }

  @Transform(toBoolean)
  @IsBoolean()
  TRUST_PROXY = false;

  /** Office time zone (IANA), for deadlines read out of mail text and for metrics; unset: the machine's zone (printed at start). */
  @Matches(TIME_ZONE, { message: 'must be an IANA time zone such as Europe/London' })
  OFFICE_TIMEZONE = machineTimeZone();

  /** Opening hours for business-hours metrics, e.g. `Mon-Fri 09:00-17:30`; unset: no business-hours figures. */
  @IsOptional()
  @Validate(OfficeHoursRule)
  OFFICE_HOURS?: string;

  /** Local dates the office is closed (comma-separated YYYY-MM-DD), for business-hours metrics. */
  @IsOptional()
  @Validate(HolidaysRule)
  OFFICE_HOLIDAYS?: string;

  /** How often this replica folds ticket changes into the stored metric rollups; 0 leaves it to requests. */
  @IsInt()
  @Min(0)
  @Max(86_400)
  METRICS_REFRESH_SECONDS = 60;

  // --- Database deadlines ------------------------------------------------------------------

  /** Longest wait for a new database connection, or for a free one from the pool. */
  @IsInt()
  @Min(100)
  @Max(600_000)
  DB_CONNECT_TIMEOUT_MS = 10_000;

  /** statement_timeout of the server's connections; the client gives up on an unanswering server a few seconds later. */
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  DB_STATEMENT_TIMEOUT_MS = 30_000;

  /** statement_timeout for long legitimate work: migrations, metric rollups, and every CLI command (seed, metrics:rebuild). */
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  DB_LONG_STATEMENT_TIMEOUT_MS = 3_600_000;

  /** idle_in_transaction_session_timeout: a transaction left open this long (a stuck process) is ended by the server. */
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

  /** How often each LISTEN connection checks it still gets answers (a frozen server does not close sockets). */
  @IsInt()
  @Min(100)
  @Max(600_000)
  DB_LISTENER_KEEPALIVE_MS = 15_000;

  /** GET /api/health reports the database down when it does not answer within this. */
  @IsInt()
  @Min(100)
  @Max(30_000)
  HEALTH_TIMEOUT_MS = 2_000;

  /** Safety-net poll of the intake and outbox workers, for a NOTIFY missed while the listener reconnected. */
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  WORKER_POLL_MS = 5_000;

  // --- Mail intake -------------------------------------------------------------------------

  /** A door's commit of the raw bytes gives up after this (SMTP then answers 451 and the sender retries). */
  @IsInt()
  @Min(100)
  @Max(25_000)
  INTAKE_COMMIT_TIMEOUT_MS = 15_000;

  /** Embedded SMTP receiver; 0 switches it off. */
  @IsInt()
  @Min(0)
  @Max(65535)
  SMTP_PORT = 2525;

  @IsString()
  SMTP_HOST = '0.0.0.0';

  /** Comma-separated addresses the SMTP door accepts mail for; default news@MAIL_DOMAIN. */
  @IsOptional()
  @Matches(/^\s*[^\s@,]+@[^\s@,]+(\s*,\s*[^\s@,]+@[^\s@,]+)*\s*$/, { message: 'must be a comma-separated list of email addresses' })
  INTAKE_ADDRESSES?: string;

  @IsInt()
  @Min(1024)
  @Max(200 * 1024 * 1024)
  INTAKE_MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

  @IsInt()
  @Min(2)
  @Max(100_000)
  INTAKE_MAX_PARTS = 500;

  @IsInt()
  @Min(1)
  @Max(1000)
  INTAKE_MAX_NESTING = 20;

  @IsInt()
  @Min(100)
  @Max(600_000)
  INTAKE_PARSE_TIMEOUT_MS = 20_000;

  /**
   * Batches processed at once by this replica: one per parse worker. Each lane takes whatever is queued when
   * its batch is done, so more lanes split a burst into smaller batches and pay more round trips per mail
   * (docs/benchmarks.md, 2026-12-07 20:40: 4 lanes 160-189 msg/s, 2 lanes 219-249 on 2 cores).
   */
  @IsInt()
  @Min(1)
  @Max(64)
  INTAKE_CONCURRENCY = 2;

  /** Most pending messages one batch takes (one transaction, multi-row statements). */
  @IsInt()
  @Min(1)
  @Max(256)
  INTAKE_BATCH_SIZE = 16;

  /** A batch's raw bytes stop growing past this; a larger message is processed alone. */
  @IsInt()
  @Min(1024)
  @Max(1024 * 1024 * 1024)
  INTAKE_BATCH_BYTES = 1024 * 1024;

  /** Shared secret for POST /api/intake/raw (HMAC-SHA256 of the body); unset disables the webhook. */
  @IsOptional()
  @MinLength(16, { message: 'must be at least 16 characters' })
  INTAKE_WEBHOOK_SECRET?: string;

  /** How old a webhook call's X-Newsdesk-Timestamp may be (either way); a signature is accepted once within it. */
  @IsInt()
  @Min(30)
  @Max(3600)
  INTAKE_WEBHOOK_MAX_AGE_SECONDS = 300;

  /**
   * authserv-ids (comma-separated) of the receiving servers whose Authentication-Results are trusted
   * for mail through IMAP, the webhook, import, and an SMTP relay that authenticates; unset trusts none.
   */
  @IsOptional()
  @Matches(/^\s*[A-Za-z0-9._-]+(\s*,\s*[A-Za-z0-9._-]+)*\s*$/, { message: 'must be a comma-separated list of host names (authserv-ids)' })
  INTAKE_TRUSTED_AUTHSERV_IDS?: string;

  /** Further addresses of this office (aliases) besides the intake addresses: mail claiming to come from them is quarantined. */
  @IsOptional()
  @Matches(/^\s*[^\s@,]+@[^\s@,]+(\s*,\s*[^\s@,]+@[^\s@,]+)*\s*$/, { message: 'must be a comma-separated list of email addresses' })
  INTAKE_OWN_ADDRESSES?: string;

  /** Mail failing DMARC for a domain publishing p=reject or p=quarantine: `quarantine` it, or only `flag` it. */
  @IsIn(['quarantine', 'flag'])
  INTAKE_DMARC_ENFORCEMENT: 'quarantine' | 'flag' = 'quarantine';

  /** PEM files enabling STARTTLS on the SMTP door. */
  @IsOptional()
  @IsString()
  SMTP_TLS_KEY_FILE?: string;

  @IsOptional()
  @IsString()
  SMTP_TLS_CERT_FILE?: string;

  /** When both are set, the SMTP door requires AUTH (for a relay that forwards news@). */
  @IsOptional()
  @IsString()
  SMTP_AUTH_USERNAME?: string;

  @IsOptional()
  @MinLength(12, { message: 'must be at least 12 characters' })
  SMTP_AUTH_PASSWORD?: string;

  /** Comma-separated IMAP mailbox URLs the IMAP door watches; see .env.example. */
  @IsOptional()
  @Validate(ImapMailboxesRule)
  IMAP_MAILBOXES?: string;

  /** How often the IMAP door polls each mailbox; IDLE delivers new mail sooner where the server has it. */
  @IsInt()
  @Min(1)
  @Max(3600)
  IMAP_POLL_SECONDS = 60;

  get imapMailboxes(): ImapMailboxConfig[] {
    return parseImapMailboxes(this.IMAP_MAILBOXES).mailboxes;
  }

  /** Automatic acknowledgements sent to one address per hour, at most. */
  @IsInt()
  @Min(0)
  @Max(1000)
  ACK_RATE_LIMIT_PER_HOUR = 3;

  // --- Public web form -----------------------------------------------------------------------

  @IsInt()
  @Min(0)
  @Max(20)
  WEB_FORM_MAX_ATTACHMENTS = 5;

  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  WEB_FORM_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

  /** All attachments of one submission together; base64 makes the mail about 1.37 times larger. */
  @IsInt()
  @Min(1024)
  @Max(150 * 1024 * 1024)
  WEB_FORM_MAX_TOTAL_BYTES = 15 * 1024 * 1024;

  /** A submission sooner than this after the page was loaded is taken for a bot. */
  @IsInt()
  @Min(0)
  @Max(600)
  WEB_FORM_MIN_FILL_SECONDS = 3;

  @IsInt()
  @Min(1)
  @Max(24 * 30)
  WEB_FORM_TOKEN_MAX_AGE_HOURS = 24;

  @IsInt()
  @Min(1)
  @Max(100_000)
  WEB_FORM_MAX_PER_IP_PER_HOUR = 10;

  @IsInt()
  @Min(1)
  @Max(100_000)
  WEB_FORM_MAX_PER_EMAIL_PER_HOUR = 5;

  /** Acknowledgements the web form may cause to one address per day (anyone can type any address). */
  @IsInt()
  @Min(0)
  @Max(1000)
  WEB_FORM_ACK_MAX_PER_RECIPIENT_PER_DAY = 5;

  /** Acknowledgements the web form may cause from one network (IPv4 address, IPv6 /64) per day. */
  @IsInt()
  @Min(0)
  @Max(100_000)
  WEB_FORM_ACK_MAX_PER_IP_PER_DAY = 20;

  /** Who may embed the form page (/inquiry) in an iframe: space-separated origins, 'self' or 'none'. */
  @Matches(FRAME_ANCESTORS, { message: "must be 'self', 'none' or space-separated origins such as https://www.example.org" })
  FORM_FRAME_ANCESTORS = "'self'";

  /** FORM_FRAME_ANCESTORS as a CSP source list; accepts self/none without quotes (env files often strip them). */
  get formFrameAncestors(): string {
    return this.FORM_FRAME_ANCESTORS.trim()
      .split(/\s+/)
      .map((source) => (/^'?(self|none)'?$/i.test(source) ? `'${source.replace(/'/g, '').toLowerCase()}'` : source.replace(/\/+$/, '')))
      .join(' ');
  }

  /** Journalists' personal data is anonymised this many months after their last inquiry; 0 keeps it. */
  @IsInt()
  @Min(0)
  @Max(1200)
  RETENTION_MONTHS = 0;

  // --- Mail out ------------------------------------------------------------------------------

  /** Outgoing SMTP server, e.g. smtp://user:pass@smtp.example.org:587 or smtps://…:465; unset = local outbox folder. */
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** Verify the outgoing server's TLS certificate (turn off only for a relay with a private CA you cannot install). */
  @Transform(toBoolean)
  @IsBoolean()
  SMTP_TLS_VERIFY = true;

  /** Display name on mail we send from the intake address. */
  @IsString()
  @MinLength(1)
  MAIL_FROM_NAME = 'Press Office';

  /** Replies go out as `person` ("Maria Lopez, Press Office") or as the `office` (MAIL_FROM_NAME alone); the address is the office's either way. */
  @IsIn(['person', 'office'])
  MAIL_FROM_STYLE: 'person' | 'office' = 'person';

  /** Attempts before a temporarily failing mail is marked failed. */
  @IsInt()
  @Min(1)
  @Max(100)
  OUTBOX_MAX_ATTEMPTS = 8;

  /** First retry delay after a temporary failure; doubles per attempt, capped at an hour. */
  @IsInt()
  @Min(1)
  @Max(3_600_000)
  OUTBOX_RETRY_BASE_MS = 30_000;

  /** How long a reply waits in the outbox before it may be sent, so the officer can undo it; 0 sends at once. */
  @IsInt()
  @Min(0)
  @Max(300)
  REPLY_UNDO_SECONDS = 10;

  get intakeAddresses(): string[] {
    const list = this.INTAKE_ADDRESSES ?? `news@${this.MAIL_DOMAIN}`;
    return list.split(',').map((address) => address.trim().toLowerCase()).filter(Boolean);
  }

  get trustedAuthservIds(): string[] {
    return (this.INTAKE_TRUSTED_AUTHSERV_IDS ?? '').split(',').map((id) => id.trim().toLowerCase()).filter(Boolean);
  }

  /** Every address that is this office: intake addresses (also our outbound From) and configured aliases. */
  get ownAddresses(): string[] {
    const aliases = (this.INTAKE_OWN_ADDRESSES ?? '').split(',').map((address) => address.trim().toLowerCase()).filter(Boolean);
    return [...new Set([...this.intakeAddresses, ...aliases])];
  }

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** json: one JSON object a line (production, log shippers); pretty: short readable lines; auto: pretty on a terminal outside production. */
  @IsIn(LOG_FORMATS)
  LOG_FORMAT: (typeof LOG_FORMATS)[number] = 'auto';

  get publicUrl(): string {
    return (this.PUBLIC_URL ?? `http://localhost:${this.PORT}`).replace(/\/+$/, '');
  }

  get secureCookies(): boolean {
    return this.publicUrl.startsWith('https://');
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((error) =>
    Object.values(error.constraints ?? {}).map(
      (message) =>
        `${error.property}${SECRET_VALUED_KEYS.has(error.property) ? '' : `=${JSON.stringify(error.value)}`}: ${message.replace(`${error.property} `, '')}`,
    ),
  );
}

/** Every environment variable the app reads, with its default (undefined when it has none). */
export function configSettings(): { key: string; defaultValue: unknown }[] {
  const defaults = new AppConfig();
  const keys = [...new Set(Object.keys(defaults).concat(OPTIONAL_KEYS))];
  return keys.map((key) => ({ key, defaultValue: (defaults as unknown as Record<string, unknown>)[key] }));
}

/** Reads the known keys from `env`, applies defaults, and throws a ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const defaults = new AppConfig();
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(defaults).concat(OPTIONAL_KEYS)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  // Whole numbers become numbers; anything else stays a string so the error shows what was given.
  for (const key of NUMERIC_KEYS) {
    if (typeof raw[key] === 'string' && /^\d+$/.test(raw[key] as string)) raw[key] = Number(raw[key]);
  }
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const problems = describe(validateSync(config, { forbidUnknownValues: false }));
  if (config.NODE_ENV === 'production' && config.DATABASE_URL && !config.APP_SECRET) {
    problems.push('APP_SECRET: must be set in production when DATABASE_URL is set, so every replica signs alike');
  }
  if (!!config.SMTP_TLS_KEY_FILE !== !!config.SMTP_TLS_CERT_FILE) {
    problems.push('SMTP_TLS_KEY_FILE and SMTP_TLS_CERT_FILE: set both or neither');
  }
  if (!!config.SMTP_AUTH_USERNAME !== !!config.SMTP_AUTH_PASSWORD) {
    problems.push('SMTP_AUTH_USERNAME and SMTP_AUTH_PASSWORD: set both or neither');
  }
  // The form's mail carries the attachments base64-encoded; it must still fit through intake.
  const largestFormMail = Math.ceil(config.WEB_FORM_MAX_TOTAL_BYTES * 1.37) + 256 * 1024;
  if (config.WEB_FORM_MAX_ATTACHMENTS > 0 && largestFormMail > config.INTAKE_MAX_MESSAGE_BYTES) {
    problems.push(
      `WEB_FORM_MAX_TOTAL_BYTES=${config.WEB_FORM_MAX_TOTAL_BYTES}: too large for INTAKE_MAX_MESSAGE_BYTES=${config.INTAKE_MAX_MESSAGE_BYTES} once encoded; ` +
        `set it to at most ${Math.floor((config.INTAKE_MAX_MESSAGE_BYTES - 256 * 1024) / 1.37)}`,
    );
  }
  // Intake parses a mail inside its transaction: the server must not end that transaction mid-parse.
  if (config.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS <= config.INTAKE_PARSE_TIMEOUT_MS) {
    problems.push(
      `DB_IDLE_IN_TRANSACTION_TIMEOUT_MS=${config.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS}: must be longer than INTAKE_PARSE_TIMEOUT_MS=${config.INTAKE_PARSE_TIMEOUT_MS}`,
    );
  }
  if (config.DB_LONG_STATEMENT_TIMEOUT_MS < config.DB_STATEMENT_TIMEOUT_MS) {
    problems.push(`DB_LONG_STATEMENT_TIMEOUT_MS=${config.DB_LONG_STATEMENT_TIMEOUT_MS}: must be at least DB_STATEMENT_TIMEOUT_MS=${config.DB_STATEMENT_TIMEOUT_MS}`);
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: config.OFFICE_TIMEZONE });
  } catch {
    problems.push(`OFFICE_TIMEZONE=${JSON.stringify(config.OFFICE_TIMEZONE)}: unknown time zone`);
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}
