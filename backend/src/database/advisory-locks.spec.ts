import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADVISORY_LOCK_NAMESPACES, ADVISORY_LOCKS } from './advisory-locks.js';

const BACKEND = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const REGISTRY = 'src/database/advisory-locks.ts';

function sources(folder: string): string[] {
  return readdirSync(join(BACKEND, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(folder, name));
}

const files = [...sources('src'), ...sources('test')].filter((file) => file !== REGISTRY);
// pg_advisory_lock, pg_try_advisory_xact_lock_shared, pg_advisory_unlock … and their arguments.
const LOCK_CALL = /pg_(?:try_)?advisory_(?:xact_)?(?:un)?lock(?:_shared)?\s*\(((?:[^()]|\([^()]*\))*)\)/g;

describe('advisory-lock keys', () => {
  it('are unique across single keys and two-key namespaces', () => {
    const keys = [...Object.values(ADVISORY_LOCKS), ...Object.values(ADVISORY_LOCK_NAMESPACES)];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('fit their key spaces: namespaces are int4 for the two-key form', () => {
    for (const key of Object.values(ADVISORY_LOCKS)) expect(Number.isSafeInteger(key)).toBe(true);
    for (const key of Object.values(ADVISORY_LOCK_NAMESPACES)) expect(key > 0 && key < 2 ** 31).toBe(true);
  });

  it('come from the registry: lock calls take parameters only, with a namespace before every hashtext', () => {
    const offenders: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(BACKEND, file), 'utf8');
      for (const [call, args] of text.matchAll(LOCK_CALL)) {
        // `$1` alone, or `$1, $2` / `$1, hashtext($2)` / `$1, k` over `SELECT DISTINCT hashtext(m) AS k … ORDER BY 1` (a batch's keys,
        // taken in order so two batches never deadlock): a key is always a bound registry value, never a literal or a bare hash.
        if (!/^\s*\$\d+\s*(?:,\s*(?:\$\d+|hashtext\(\s*\$\d+\s*\)|k)\s*)?$/.test(args)) offenders.push(`${file}: ${call}`);
        else if (/,\s*k\s*$/.test(args) && !/SELECT DISTINCT hashtext\(\w+\) AS k\b/.test(text)) offenders.push(`${file}: ${call} without hashed keys`);
        else if (!text.includes('advisory-locks.js')) offenders.push(`${file}: ${call} without importing the registry`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('are written nowhere else as numbers', () => {
    const keys = [...Object.values(ADVISORY_LOCKS), ...Object.values(ADVISORY_LOCK_NAMESPACES)].map(String);
    const offenders = files.flatMap((file) =>
      [...readFileSync(join(BACKEND, file), 'utf8').matchAll(/\b\d[\d_]{5,}\b/g)]
        .filter(([literal]) => keys.includes(literal.replaceAll('_', '')))
        .map(([literal]) => `${relative(BACKEND, join(BACKEND, file))}: ${literal}`),
    );
    expect(offenders).toEqual([]);
  });
});
