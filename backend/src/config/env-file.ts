import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

/** What reading `.env` did, for the startup summary. */
export interface EnvFileResult {
  path: string;
  found: boolean;
  /** Keys taken from the file (the ones the real environment did not already set). */
  applied: string[];
}

/**
 * Reads `.env` from the working directory into `env` (Node's own parser); a variable the real
 * environment already sets wins, even when set to the empty string, so `PORT=4000 npm start` overrides the file.
 */
export function loadEnvFile(path = resolve('.env'), env: NodeJS.ProcessEnv = process.env): EnvFileResult {
  if (!existsSync(path)) return { path, found: false, applied: [] };
  const parsed = parseEnv(readFileSync(path, 'utf8'));
  const applied: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (value === undefined || Object.hasOwn(env, key)) continue;
    env[key] = value;
    applied.push(key);
  }
  return { path, found: true, applied };
}
