#!/usr/bin/env node
// The data layer's rules (issue 13), checked in CI by `npm run lint`:
//   1. SQL and TypeORM data calls live only in `*.repository.ts` files (plus database/ and bench/); `*.sql.ts`
//      files may hold SQL text that repositories compose, but run nothing.
//   2. A repository writes only its own module's tables (backend/src/database/table-owners.ts); it reads its
//      own tables and the read views other modules publish (PUBLISHED_VIEWS), never another module's table (no
//      exceptions: a map of declared table reads, CROSS_MODULE_READS, once held a few and is refused). A view is never written.
//   3. The SQL of every repository method is written to backend/src/queries/<module>/<file>.sql, a reviewed
//      snapshot: a change to a statement shows up in review as a change to that file, and CI fails when the
//      snapshot is stale (`npm run sql:snapshots` rewrites them).
// Violations that predate the rules are listed in scripts/data-access-baseline.json; CI fails on any new one
// and on a baseline entry that no longer occurs (so the list only shrinks).
//
//   node scripts/check-data-access.mjs            check (exit 1 on a new violation or a stale snapshot)
//   node scripts/check-data-access.mjs --write    rewrite the snapshots (and, with --baseline, the baseline)
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

// --root DIR: another checkout (the checker's own test runs it on a small tree of fixtures)
const rootArg = process.argv.indexOf('--root');
const root = rootArg > 0 ? process.argv[rootArg + 1] : join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'backend', 'src');
const queriesDir = join(src, 'queries');
const baselinePath = join(root, 'scripts', 'data-access-baseline.json');
const write = process.argv.includes('--write');
const writeBaseline = process.argv.includes('--baseline');

// ---------------------------------------------------------------------------------------------------------
// The ownership map, read from its TypeScript source (plain data: module keys and string arrays).
function loadOwnership() {
  const text = readFileSync(join(src, 'database', 'table-owners.ts'), 'utf8');
  const block = (name, optional = false) => {
    const start = text.indexOf(`export const ${name}`);
    if (start < 0 && optional) return '';
    const open = text.indexOf('{', text.indexOf('=', start));
    let depth = 0;
    for (let i = open; i < text.length; i++) {
      if (text[i] === '{') depth++;
      if (text[i] === '}' && --depth === 0) return stripComments(text.slice(open + 1, i));
    }
    throw new Error(`table-owners.ts: ${name} not found`);
  };
  const owners = new Map(); // table → module
  for (const match of block('TABLE_OWNERS').matchAll(/'?([a-z-]+)'?\s*:\s*\[([^\]]*)\]/g)) {
    for (const table of match[2].matchAll(/'([a-z_]+)'/g)) owners.set(table[1], match[1]);
  }
  const views = new Map(); // view → publishing module
  const problems = [];
  // the exceptions map is gone (issue 13: every module reads others' tables through their views); bringing it back is refused
  if (/export\s+const\s+CROSS_MODULE_READS\b/.test(text)) problems.push("table-owners.ts: CROSS_MODULE_READS declares reads of another module's table; join the owner's published view (PUBLISHED_VIEWS) or call its service");
  for (const match of block('PUBLISHED_VIEWS', true).matchAll(/'?([a-z-]+)'?\s*:\s*\[([^\]]*)\]/g)) {
    for (const view of match[2].matchAll(/'([a-z_]+)'/g)) {
      if (owners.has(view[1])) problems.push(`table-owners.ts: ${view[1]} is both a table and a published view`);
      if (views.has(view[1])) problems.push(`table-owners.ts: ${view[1]} is published by ${views.get(view[1])} and ${match[1]}`);
      views.set(view[1], match[1]);
    }
  }
  return { owners, views, problems };
}

function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
}

// ---------------------------------------------------------------------------------------------------------
// A small TypeScript scanner: string and template literals (with their offsets) and code with literals blanked,
// enough to find SQL text and data calls without a compiler API (TypeScript 7 ships none to JavaScript).
function scan(source) {
  const literals = [];
  let code = '';
  let i = 0;
  let lastSignificant = '';
  const n = source.length;
  const readTemplate = () => {
    // at the opening backtick; returns the raw text including ${…} as written
    const start = i;
    i++;
    while (i < n) {
      const c = source[i];
      if (c === '\\') i += 2;
      else if (c === '`') {
        i++;
        break;
      } else if (c === '$' && source[i + 1] === '{') {
        i += 2;
        let depth = 1;
        while (i < n && depth > 0) {
          const d = source[i];
          if (d === '`') readTemplate();
          else if (d === "'" || d === '"') readQuoted();
          else {
            if (d === '{') depth++;
            if (d === '}') depth--;
            i++;
          }
        }
      } else i++;
    }
    return { start, end: i, text: source.slice(start + 1, i - 1) };
  };
  const readQuoted = () => {
    const quote = source[i];
    const start = i;
    i++;
    while (i < n && source[i] !== quote && source[i] !== '\n') i += source[i] === '\\' ? 2 : 1;
    i++;
    return { start, end: i, text: source.slice(start + 1, i - 1) };
  };
  while (i < n) {
    const c = source[i];
    if (c === '/' && source[i + 1] === '/') {
      while (i < n && source[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      code += source.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
      continue;
    }
    if (c === '`' || c === "'" || c === '"') {
      const literal = c === '`' ? readTemplate() : readQuoted();
      literals.push(literal);
      // the literal becomes blanks in the code view, keeping its line breaks so line numbers still match
      code += source.slice(literal.start, literal.end).replace(/[^\n]/g, ' ');
      lastSignificant = '"';
      continue;
    }
    if (c === '/' && /[(,=:[!&|?{};]|^$/.test(lastSignificant)) {
      // a regular expression literal
      const start = i;
      i++;
      let inClass = false;
      while (i < n && source[i] !== '\n') {
        if (source[i] === '\\') i++;
        else if (source[i] === '[') inClass = true;
        else if (source[i] === ']') inClass = false;
        else if (source[i] === '/' && !inClass) break;
        i++;
      }
      i++;
      while (i < n && /[a-z]/.test(source[i])) i++;
      code += source.slice(start, i).replace(/[^\n]/g, ' ');
      lastSignificant = ')';
      continue;
    }
    code += c;
    if (!/\s/.test(c)) lastSignificant = c;
    i++;
  }
  return { code, literals };
}

// ---------------------------------------------------------------------------------------------------------
const SQL_START = /^\s*(?:\(\s*)?(SELECT|INSERT|UPDATE|DELETE|WITH|VALUES|LOCK|TRUNCATE|COPY|SET\s+LOCAL|NOTIFY|LISTEN)\b/i;
const SQL_INSIDE = /\b(SELECT\s[\s\S]*\bFROM\b|INSERT\s+INTO|UPDATE\s+\w+\s[\s\S]*\bSET\b|DELETE\s+FROM|ON\s+CONFLICT)\b/i;
const isSql = (text) => SQL_START.test(text) || SQL_INSIDE.test(text);

const DATA_CALL =
  /(?:\.query\s*[<(]|\bpreparedRows\s*[<(]|\bsqlRows\s*[<(]|\bsqlRow\s*[<(]|\bsqlExec\s*\(|\bcreateQueryBuilder\s*\(|\bgetRepository\s*\(|@InjectRepository\s*\(|\.(?:find|findOne|findOneBy|findBy|findAndCount|save|insert|update|upsert|delete|remove|count|countBy|exists|existsBy|increment|decrement)\s*\(\s*[A-Z][a-z]\w*\s*[,)])/g;

function tablesIn(sql, known) {
  const text = sql.replace(/--[^\n]*/g, ' ');
  const writes = new Set();
  const reads = new Set();
  const name = String.raw`(?:public\.)?"?([a-z_][a-z0-9_]*)"?`;
  for (const m of text.matchAll(new RegExp(String.raw`\b(?:INSERT\s+INTO|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?|COPY)\s+${name}`, 'gi'))) writes.add(m[1].toLowerCase());
  for (const m of text.matchAll(new RegExp(String.raw`\bUPDATE\s+(?:ONLY\s+)?${name}`, 'gi'))) writes.add(m[1].toLowerCase());
  for (const m of text.matchAll(new RegExp(String.raw`\bLOCK\s+(?:TABLE\s+)?${name}`, 'gi'))) writes.add(m[1].toLowerCase());
  for (const m of text.matchAll(new RegExp(String.raw`\b(?:FROM|JOIN|USING)\s+(?:ONLY\s+)?${name}`, 'gi'))) reads.add(m[1].toLowerCase());
  const keep = (set) => new Set([...set].filter((table) => known.has(table)));
  return { writes: keep(writes), reads: keep(reads) };
}

function entityTables() {
  const map = new Map(); // class name → table
  for (const file of walk(src)) {
    if (!file.endsWith('.entity.ts')) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/@Entity\(\s*'([a-z_]+)'[^)]*\)\s*(?:@[\s\S]*?)?export\s+class\s+(\w+)/g)) map.set(m[2], m[1]);
  }
  return map;
}

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}

const lineOf = (text, offset) => text.slice(0, offset).split('\n').length;

/** Class members at two spaces of indentation (the formatter's layout): name → first line. */
function methodsOf(source) {
  const methods = [];
  const lines = source.split('\n');
  let inClass = false;
  lines.forEach((line, index) => {
    if (/^(?:export\s+)?(?:abstract\s+)?class\s/.test(line)) inClass = true;
    else if (line.startsWith('}')) inClass = false;
    const m = inClass && line.match(/^ {2}(?:(?:public|private|protected|readonly|static|async|override)\s+)*(?:get\s+|set\s+)?(\*?\w+)\s*(?:<[^>]*>)?\s*\(/);
    if (m && !['constructor', 'if', 'for', 'while', 'switch', 'return'].includes(m[1])) methods.push({ name: m[1], line: index + 1 });
    if (/^(?:export\s+)?(?:const|function|async\s+function)\s+(\w+)/.test(line)) {
      methods.push({ name: line.match(/^(?:export\s+)?(?:const|function|async\s+function)\s+(\w+)/)[1], line: index + 1, topLevel: true });
    }
  });
  return methods;
}

function moduleOf(file) {
  return relative(src, file).split(sep)[0];
}

function allowedPlace(file) {
  const rel = relative(src, file).split(sep).join('/');
  // `*.sql.ts`: SQL text builders a module's repositories compose (metrics' filter and percentile CTEs); they run nothing.
  return rel.endsWith('.repository.ts') || rel.endsWith('.sql.ts') || rel.startsWith('database/') || rel.startsWith('bench/');
}

// ---------------------------------------------------------------------------------------------------------
const { owners, views, problems: ownershipProblems } = loadOwnership();
const known = new Set([...owners.keys(), ...views.keys()]);
const entities = entityTables();
const violations = [...ownershipProblems]; // stable strings: "<file>: <rule>: <detail>"
const snapshots = new Map(); // path → text

for (const file of walk(src)) {
  const rel = relative(root, file).split(sep).join('/');
  const source = readFileSync(file, 'utf8');
  const { code, literals } = scan(source);
  const module = moduleOf(file);

  // 1. data calls outside repositories
  if (!allowedPlace(file)) {
    const seen = new Set();
    for (const m of code.matchAll(DATA_CALL)) {
      const call = m[0].replace(/\s+/g, '').replace(/[<(,)]+$/, '');
      const key = `${rel}: data access outside a repository: ${call}`;
      if (!seen.has(key)) violations.push(key);
      seen.add(key);
    }
    for (const literal of literals) {
      if (!isSql(literal.text)) continue;
      const { reads, writes } = tablesIn(literal.text, known);
      if (reads.size + writes.size > 0) {
        const key = `${rel}: SQL outside a repository: ${firstWords(literal.text)}`;
        if (!seen.has(key)) violations.push(key);
        seen.add(key);
      }
    }
    continue;
  }
  if (!rel.endsWith('.repository.ts') && !rel.endsWith('.sql.ts')) continue;
  if (rel.endsWith('.sql.ts')) {
    for (const m of code.matchAll(DATA_CALL)) violations.push(`${rel}: a SQL builder runs a statement: ${m[0].replace(/\s+/g, '')}`);
  }

  // 2. table ownership in repositories and SQL builders
  const owned = new Set([...owners].filter(([, owner]) => owner === module).map(([table]) => table));
  const problems = new Set();
  for (const literal of literals) {
    if (!isSql(literal.text)) continue;
    const { writes, reads } = tablesIn(literal.text, known);
    for (const table of writes) {
      if (views.has(table)) problems.add(`${rel}: writes ${table} (a read view published by ${views.get(table)}; call its service)`);
      else if (!owned.has(table)) problems.add(`${rel}: writes ${table} (owned by ${owners.get(table)})`);
    }
    for (const table of reads) {
      // a published view is every module's to read; another module's table is not
      if (views.has(table) || owned.has(table)) continue;
      problems.add(`${rel}: reads ${table} (owned by ${owners.get(table)}; join a view it publishes in PUBLISHED_VIEWS or call its service)`);
    }
  }
  for (const m of code.matchAll(/(?:@InjectRepository|getRepository|\.(?:find\w*|save|insert|update|upsert|delete|remove|count\w*|exists\w*|increment|decrement))\s*\(\s*([A-Z]\w*)/g)) {
    const table = entities.get(m[1]);
    if (table && !owned.has(table)) {
      const readOnly = /^\.(find|count|exists)/.test(m[0]);
      problems.add(`${rel}: ${readOnly ? 'reads' : 'writes'} ${table} through the ${m[1]} entity (owned by ${owners.get(table)})`);
    }
  }
  violations.push(...problems);
  if (!rel.endsWith('.repository.ts')) continue;

  // 3. the SQL snapshot of this repository
  const methods = methodsOf(source);
  const byMethod = new Map();
  for (const literal of literals) {
    if (!isSql(literal.text)) continue;
    const line = lineOf(source, literal.start);
    const owner = [...methods].reverse().find((method) => method.line <= line);
    const label = owner ? owner.name : '(module scope)';
    if (!byMethod.has(label)) byMethod.set(label, []);
    byMethod.get(label).push(dedent(literal.text));
  }
  const typeormCalls = [];
  code.split('\n').forEach((line, index) => {
    if (/createQueryBuilder\s*\(|\.(?:find\w*|save|insert|update|upsert|delete|remove|count\w*)\s*\(\s*[A-Z{]/.test(line)) {
      const owner = [...methods].reverse().find((method) => method.line <= index + 1);
      typeormCalls.push(`-- ${owner ? owner.name : '(module scope)'}: TypeORM ${source.split('\n')[index].trim()}`);
    }
  });
  if (byMethod.size === 0 && typeormCalls.length === 0) continue;
  const out = [`-- ${rel}: the SQL each method runs (generated by scripts/check-data-access.mjs --write; review changes)`, ''];
  for (const [method, statements] of byMethod) {
    for (const statement of statements) out.push(`-- ${method}`, statement.trim().endsWith(';') ? statement.trim() : `${statement.trim()};`, '');
  }
  if (typeormCalls.length) out.push(...typeormCalls, '');
  const target = join(queriesDir, module, relative(join(src, module), file).replace(/\.ts$/, '.sql'));
  snapshots.set(target, out.join('\n'));
}

function firstWords(text) {
  return text.trim().replace(/\s+/g, ' ').slice(0, 60);
}

function dedent(text) {
  const lines = text.replace(/^\n+/, '').replace(/\s+$/, '').split('\n');
  const indents = lines.slice(1).filter((line) => line.trim()).map((line) => line.match(/^ */)[0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((line, index) => (index === 0 ? line.trimStart() : line.slice(Math.min(cut, line.match(/^ */)[0].length)))).join('\n');
}

// ---------------------------------------------------------------------------------------------------------
let failed = false;

const baseline = existsSync(baselinePath) ? JSON.parse(readFileSync(baselinePath, 'utf8')) : [];
const current = [...new Set(violations)].sort();
if (write && writeBaseline) {
  writeFileSync(baselinePath, `${JSON.stringify(current, null, 2)}\n`);
  console.log(`data access: baseline written with ${current.length} known violations`);
} else {
  const known = new Set(baseline);
  const fresh = current.filter((v) => !known.has(v));
  const gone = baseline.filter((v) => !current.includes(v));
  if (fresh.length) {
    failed = true;
    console.error(`data access: ${fresh.length} new violation(s) of the data-layer rules (docs/CONVENTIONS.md):`);
    for (const v of fresh) console.error(`  ${v}`);
  }
  if (gone.length) {
    failed = true;
    console.error(`data access: ${gone.length} baseline entr(ies) no longer occur; remove them from scripts/data-access-baseline.json`);
    console.error('  (or run `node scripts/check-data-access.mjs --write --baseline`):');
    for (const v of gone) console.error(`  ${v}`);
  }
  console.log(`data access: ${current.length} known violation(s) left in the baseline, ${fresh.length} new`);
}

// snapshots: compare or write
const existing = new Map();
if (existsSync(queriesDir)) {
  const read = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) read(path);
      else if (entry.name.endsWith('.sql')) existing.set(path, readFileSync(path, 'utf8'));
    }
  };
  read(queriesDir);
}
if (write) {
  rmSync(queriesDir, { recursive: true, force: true });
  for (const [path, text] of snapshots) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  console.log(`sql snapshots: ${snapshots.size} file(s) written under ${relative(root, queriesDir)}`);
} else {
  const stale = [];
  for (const [path, text] of snapshots) if (existing.get(path) !== text) stale.push(relative(root, path));
  for (const path of existing.keys()) if (!snapshots.has(path)) stale.push(`${relative(root, path)} (no longer generated)`);
  if (stale.length) {
    failed = true;
    console.error(`sql snapshots: ${stale.length} stale; run \`npm run sql:snapshots\` and review the diff:`);
    for (const path of stale) console.error(`  ${path}`);
  } else console.log(`sql snapshots: ${snapshots.size} file(s) up to date`);
}
process.exit(failed ? 1 : 0);
