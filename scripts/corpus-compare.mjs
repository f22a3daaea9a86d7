// Re-parses ../shared/corpus with a built backend and compares two runs, so a parser change can be
// checked against mail nobody here wrote.
//   node scripts/corpus-compare.mjs run [--dist backend/dist] [--corpus ../shared/corpus] [--folders messages,bounces] > after.jsonl
//   node scripts/corpus-compare.mjs compare before.jsonl after.jsonl
// A "before" build of HEAD without your changes, e.g. from a stash: `git stash && npx tsc -p
// backend/tsconfig.build.json --outDir backend/test-artifacts/dist-old && git stash pop`, then
// `run --dist backend/test-artifacts/dist-old` (test-artifacts is ignored and still finds node_modules).
// `compare` lists every changed file and flags regressions (sender or subject changed, body changed
// and got shorter by more than 20%, U+FFFD or C1 controls appeared, attachments lost); exit 1 on any.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : fallback;
};

// Whole messages only: the replies corpus holds bare bodies.
const FOLDERS = option('--folders', 'messages,bounces').split(',');

function files(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : name.endsWith('.eml') ? [path] : [];
    });
}

async function run() {
  const dist = resolve(root, option('--dist', 'backend/dist'));
  const corpus = resolve(root, option('--corpus', '../shared/corpus'));
  const { ParsePool } = await import(pathToFileURL(join(dist, 'intake/mime/parse-pool.js')).href);
  const pool = new ParsePool(1, { maxParts: 500, maxNesting: 20, maxHeaderBytes: 256 * 1024, timeoutMs: 30_000 });
  try {
    for (const folder of FOLDERS) {
      for (const path of files(join(corpus, folder))) {
        const file = relative(corpus, path);
        try {
          const mail = await pool.parse(readFileSync(path));
          const text = mail.text ?? '';
          process.stdout.write(
            JSON.stringify({
              file,
              from: mail.from ? `${mail.from.name ?? ''} <${mail.from.address}>` : null,
              subject: mail.subject,
              textHash: createHash('sha256').update(text).digest('hex').slice(0, 16),
              textLength: text.length,
              text,
              attachments: mail.attachments.map((attachment) => `${attachment.filename ?? '(none)'} ${attachment.contentType} ${attachment.content.length}`),
            }) + '\n',
          );
        } catch (error) {
          process.stdout.write(JSON.stringify({ file, error: error.message }) + '\n');
        }
      }
    }
  } finally {
    await pool.close();
  }
}

// oxlint-disable-next-line no-control-regex -- C1 controls are the mojibake being looked for
const BROKEN = /[\uFFFD\u0080-\u009F]/;

function compare(beforeFile, afterFile) {
  const load = (path) => new Map(readFileSync(path, 'utf8').trim().split('\n').map((line) => JSON.parse(line)).map((row) => [row.file, row]));
  const before = load(beforeFile);
  const after = load(afterFile);
  let regressions = 0;
  let changed = 0;
  for (const [file, old] of before) {
    const now = after.get(file);
    const problems = [];
    const notes = [];
    if (!now) problems.push('missing from the second run');
    else {
      if (now.error && !old.error) problems.push(`now fails: ${now.error}`);
      if (old.from !== now.from) notes.push(`from: ${JSON.stringify(old.from)} -> ${JSON.stringify(now.from)}`);
      if (old.subject !== now.subject) notes.push(`subject: ${JSON.stringify(old.subject)} -> ${JSON.stringify(now.subject)}`);
      if (old.textHash !== now.textHash) notes.push(`text: ${old.textLength} -> ${now.textLength} chars`);
      if (JSON.stringify(old.attachments) !== JSON.stringify(now.attachments)) notes.push(`attachments: ${JSON.stringify(old.attachments)} -> ${JSON.stringify(now.attachments)}`);
      for (const field of ['from', 'subject', 'text']) {
        if (BROKEN.test(now[field] ?? '') && !BROKEN.test(old[field] ?? '')) problems.push(`${field} gained U+FFFD or C1 controls`);
      }
      if (now.textLength < old.textLength * 0.8) problems.push(`text shorter by more than 20% (${old.textLength} -> ${now.textLength})`);
      if ((now.attachments?.length ?? 0) < (old.attachments?.length ?? 0)) problems.push('attachments lost');
      // Sender and subject changes are listed for review by eye; they are regressions only when they break.
      if (old.from && !now.from) problems.push('sender lost');
      if (old.subject && !now.subject) problems.push('subject lost');
    }
    if (!problems.length && !notes.length) continue;
    changed += 1;
    if (problems.length) regressions += 1;
    console.log(`${problems.length ? 'REGRESSION' : 'changed   '} ${file}`);
    for (const line of [...problems, ...notes]) console.log(`    ${line}`);
  }
  for (const file of after.keys()) if (!before.has(file)) console.log(`new        ${file}`);
  console.log(`\n${before.size} files, ${changed} changed, ${regressions} flagged as regressions`);
  process.exitCode = regressions ? 1 : 0;
}

if (args[0] === 'run') await run();
else if (args[0] === 'compare') compare(args[1], args[2]);
else {
  console.error('usage: corpus-compare.mjs run [--dist DIR] [--corpus DIR] | compare BEFORE.jsonl AFTER.jsonl');
  process.exitCode = 2;
}
