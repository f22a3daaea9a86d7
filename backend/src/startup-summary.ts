import { isAbsolute, relative, resolve } from 'node:path';
import type { AppConfig } from './config/app-config.js';
import type { EnvFileResult } from './config/env-file.js';

export interface StartupFacts {
  config: AppConfig;
  envFile: EnvFileResult;
  /** OFFICE_TIMEZONE came from the environment or .env, rather than the machine's default. */
  timeZoneConfigured: boolean;
  setupLink: string | null;
  /** The working directory paths are shown relative to. */
  cwd?: string;
  /** process.versions.node, unless a test says otherwise. */
  nodeVersion?: string;
}

/** The oldest Node.js the dependencies support (package.json engines). */
const OLDEST_NODE = [22, 19];

function isSupportedNode(version: string): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major > OLDEST_NODE[0] || (major === OLDEST_NODE[0] && minor >= OLDEST_NODE[1]);
}

const ALL_INTERFACES = new Set(['0.0.0.0', '::', '[::]', '']);
const LOOPBACK = new Set(['127.0.0.1', '::1', '[::1]', 'localhost']);

function reach(host: string): string {
  if (ALL_INTERFACES.has(host)) return 'all network interfaces: other machines can connect';
  if (LOOPBACK.has(host)) return 'this machine only';
  return `the interface with address ${host}`;
}

function address(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * The block a person reads at start, written plainly to stderr (never inside the JSON log): where the
 * dashboard is, what listens where, the office time zone and, on the first run, the setup link.
 */
export function startupSummary(facts: StartupFacts): string {
  const { config, envFile, setupLink } = facts;
  const cwd = facts.cwd ?? process.cwd();
  const shown = (path: string) => {
    const rel = relative(cwd, path);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? `./${rel}` : path;
  };
  const dataDir = shown(resolve(cwd, config.DATA_DIR));
  const nodeVersion = facts.nodeVersion ?? process.versions.node;
  const lines: [string, string][] = [];
  if (!isSupportedNode(nodeVersion)) {
    lines.push(['Node.js', `v${nodeVersion} is older than Newsdesk supports: install Node.js 24 LTS (or 22.19 or newer)`]);
  }
  lines.push(
    ['Dashboard', config.publicUrl],
    ['HTTP', `listening on ${address(config.HOST, config.PORT)} (${reach(config.HOST)})`],
    [
      'Mail in',
      config.SMTP_PORT
        ? `SMTP listening on ${address(config.SMTP_HOST, config.SMTP_PORT)} (${reach(config.SMTP_HOST)}) for ${config.intakeAddresses.join(', ')}`
        : 'SMTP door off (SMTP_PORT=0)',
    ],
  );
  if (config.imapMailboxes.length) lines.push(['', `IMAP: ${config.imapMailboxes.length} mailbox${config.imapMailboxes.length === 1 ? '' : 'es'} watched`]);
  lines.push([
    'Mail out',
    config.SMTP_URL ? 'through the SMTP server in SMTP_URL' : `no SMTP_URL: mail is kept in ${shown(resolve(cwd, config.DATA_DIR, 'outbox'))} (not sent)`,
  ]);
  lines.push([
    'Database',
    config.DATABASE_URL
      ? 'PostgreSQL at DATABASE_URL'
      : `embedded PostgreSQL in ${shown(resolve(cwd, config.DATA_DIR, 'postgres'))} (127.0.0.1:${config.EMBEDDED_PG_PORT} only)`,
  ]);
  lines.push([
    'Time zone',
    facts.timeZoneConfigured
      ? `${config.OFFICE_TIMEZONE} (OFFICE_TIMEZONE)`
      : `${config.OFFICE_TIMEZONE}, this machine's; set OFFICE_TIMEZONE (e.g. Europe/Paris) in .env if the office is elsewhere`,
  ]);
  lines.push([
    'Settings',
    envFile.found
      ? `${shown(envFile.path)} and the environment (the environment wins)`
      : 'environment only; copy .env.example to .env to change settings',
  ]);
  lines.push(['Data', `${dataDir}`]);
  lines.push(['Stop', 'Ctrl+C (or SIGTERM): finishes open work, then stops']);

  const width = Math.max(...lines.map(([label]) => label.length));
  const body = lines.map(([label, value]) => `    ${label.padEnd(width)}  ${value}`).join('\n');
  const setup = setupLink
    ? `\n\n  First run: no accounts yet. Create the first admin at\n${setupLink}\n  (a one-time link; a restart before it is used prints a new one)`
    : '';
  return `\n  Newsdesk is running (Node.js v${nodeVersion}, ${config.NODE_ENV})\n${body}${setup}\n\n`;
}
