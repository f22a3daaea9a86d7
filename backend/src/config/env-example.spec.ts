import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { configSettings, loadConfig } from './app-config.js';
import { loadEnvFile } from './env-file.js';

const EXAMPLE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '.env.example');
// Defaults computed at start, documented in words in .env.example rather than as one value.
const COMPUTED_DEFAULTS = new Set(['OFFICE_TIMEZONE']);

/** `KEY=value` lines of .env.example, commented out (`# KEY=value`) or not, each value as Node's .env parser reads it. */
function exampleSettings(): Map<string, { value: string | undefined; commented: boolean }> {
  const settings = new Map<string, { value: string | undefined; commented: boolean }>();
  for (const line of readFileSync(EXAMPLE, 'utf8').split('\n')) {
    const match = /^(#\s*)?([A-Z][A-Z0-9_]*=.*)$/.exec(line.trim());
    if (!match) continue;
    const [key, value] = Object.entries(parseEnv(match[2]))[0];
    settings.set(key, { value, commented: Boolean(match[1]) });
  }
  return settings;
}

describe('.env.example', () => {
  const example = exampleSettings();

  it('lists every setting the app reads', () => {
    const missing = configSettings().map(({ key }) => key).filter((key) => !example.has(key));
    expect(missing).toEqual([]);
  });

  it('lists nothing the app does not read', () => {
    const known = new Set(configSettings().map(({ key }) => key));
    expect([...example.keys()].filter((key) => !known.has(key))).toEqual([]);
  });

  it('shows each default as the app applies it', () => {
    const wrong = configSettings()
      .filter(({ key, defaultValue }) => defaultValue !== undefined && !COMPUTED_DEFAULTS.has(key))
      .filter(({ key, defaultValue }) => example.get(key)?.value !== String(defaultValue))
      .map(({ key, defaultValue }) => `${key}: app ${String(defaultValue)}, .env.example ${example.get(key)?.value}`);
    expect(wrong).toEqual([]);
  });

  it('leaves settings without a default commented out, so copying it changes nothing', () => {
    const active = configSettings()
      .filter(({ key, defaultValue }) => defaultValue === undefined || COMPUTED_DEFAULTS.has(key))
      .filter(({ key }) => example.get(key)?.commented === false)
      .map(({ key }) => key);
    expect(active).toEqual([]);
  });

  it('starts the app with the defaults when copied to .env unchanged', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(loadEnvFile(EXAMPLE, env).found).toBe(true);
    const fromExample = loadConfig(env);
    const defaults = loadConfig({});
    for (const { key } of configSettings()) expect([key, fromExample[key as keyof typeof fromExample]]).toEqual([key, defaults[key as keyof typeof defaults]]);
  });

  it('tells people to copy it to .env', () => {
    expect(readFileSync(EXAMPLE, 'utf8')).toMatch(/cp \.env\.example \.env/);
  });
});
