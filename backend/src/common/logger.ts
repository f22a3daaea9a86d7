import type { LoggerService } from '@nestjs/common';
import { writeSync } from 'node:fs';
import { pino, type DestinationStream, type Logger } from 'pino';

export type LogFormat = 'json' | 'pretty';

/** LOG_FORMAT=auto: short readable lines for a person at a terminal, JSON for production and log shippers. */
export function resolveLogFormat(setting: 'auto' | LogFormat, nodeEnv: string, destination: NodeJS.WriteStream = process.stdout): LogFormat {
  if (setting !== 'auto') return setting;
  return destination.isTTY && nodeEnv !== 'production' ? 'pretty' : 'json';
}

/** Secrets that travel in a URL path (deadline-calendar links): kept out of every log line. */
const URL_SECRETS = /\/ndcal_[A-Za-z0-9_-]+/g;

export function redactUrlSecrets(url: string): string {
  return url.replace(URL_SECRETS, '/ndcal_[redacted]');
}

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** Fastify's request fields, with secrets in the path cut out (a calendar app's URL is its credential). */
export function requestLogFields(request: LoggedRequest) {
  return {
    method: request.method,
    url: typeof request.url === 'string' ? redactUrlSecrets(request.url) : request.url,
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** Structured logs (JSON, or pretty lines on a terminal); the CLI passes stderr so its stdout stays machine-readable. */
export function createLogger(level: string, destination: NodeJS.WritableStream = process.stdout, format: LogFormat = 'json'): Logger {
  const fd = destination === process.stderr ? 2 : 1;
  return pino(
    {
      level,
      base: { service: 'newsdesk' },
      // Fastify takes its request logger's serializers over its own defaults.
      serializers: { req: requestLogFields },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'password', '*.password'],
        censor: '[redacted]',
      },
    },
    format === 'pretty' ? prettyDestination(fd) : pino.destination({ dest: fd, sync: true }),
  );
}

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const QUIET_FIELDS = new Set(['level', 'time', 'service', 'msg', 'context', 'component', 'pid', 'hostname', 'err', 'trace']);

/** One JSON log line as `12:04:05 INFO  [SmtpDoor] message key=value`, the error's stack underneath. */
export function formatPrettyLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const time = new Date(typeof entry.time === 'number' ? entry.time : Date.now()).toTimeString().slice(0, 8);
  const level = (LEVEL_NAMES[Number(entry.level)] ?? String(entry.level)).padEnd(5);
  const source = typeof entry.context === 'string' ? entry.context : typeof entry.component === 'string' ? entry.component : '';
  const fields = Object.entries(entry)
    .filter(([key]) => !QUIET_FIELDS.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const error = entry.err as { stack?: string; message?: string } | undefined;
  const stack = error?.stack ?? error?.message ?? (typeof entry.trace === 'string' ? entry.trace : '');
  const head = [time, level, source && `[${source}]`, String(entry.msg ?? ''), ...fields].filter(Boolean).join(' ');
  return `${head}\n${stack ? `${stack.replace(/^/gm, '    ')}\n` : ''}`;
}

function prettyDestination(fd: number): DestinationStream {
  return { write: (line: string) => void writeSync(fd, formatPrettyLine(line)) };
}

// Nest's boot chatter (a line per module and per route) drowns what a person needs to read at start.
const BOOT_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/** Routes Nest's own log lines into pino, so every line is structured JSON. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string) {
    if (context && BOOT_CONTEXTS.has(context)) this.logger.debug({ context }, String(message));
    else this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
