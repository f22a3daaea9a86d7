#!/usr/bin/env node
// docs/ARCHITECTURE.md's annotated tree is the map a newcomer reads first; this keeps it true (issue 13: "the
// structure in docs/ARCHITECTURE.md matches the tree"), checked in CI by `npm run lint`:
//   1. every file or folder the tree names exists (a rename or a removal must update the map);
//   2. every backend module folder, shared contract file and frontend feature folder is on the map (a new one must be
//      placed and explained there).
// An entry is a name at its parent's indentation plus two; deeper-indented lines continue the annotation before them.
// `{a,b}` in a name expands, `<area>` and `*` are patterns and are not checked.
//
//   node scripts/check-architecture-map.mjs [--root DIR]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const rootArg = process.argv.indexOf('--root');
const root = rootArg > 0 ? process.argv[rootArg + 1] : join(dirname(fileURLToPath(import.meta.url)), '..');
const MAP = 'docs/ARCHITECTURE.md';

/** The first fenced block after "## The tree". */
function treeBlock(markdown) {
  const section = markdown.split(/^## The tree$/m)[1];
  if (!section) throw new Error(`${MAP} has no "## The tree" section`);
  const block = /^```[^\n]*\n([\s\S]*?)^```/m.exec(section);
  if (!block) throw new Error(`${MAP}: "## The tree" has no fenced block`);
  return block[1];
}

function expandBraces(name) {
  const match = /\{([^{}]*)\}/.exec(name);
  if (!match) return [name];
  return match[1].split(',').flatMap((part) => expandBraces(name.slice(0, match.index) + part + name.slice(match.index + match[0].length)));
}

const NAME = /^[\w.@<>{},*-][\w.@/<>{},*-]*$/;

/** Every path the tree names, with the line it is on. */
export function mapEntries(markdown) {
  const entries = [];
  const folders = []; // [indent, path] of the enclosing folders
  treeBlock(markdown).split('\n').forEach((line, index) => {
    const match = /^( *)(\S.*)$/.exec(line);
    if (!match) return;
    const indent = match[1].length;
    while (folders.length && folders[folders.length - 1][0] >= indent) folders.pop();
    const parentIndent = folders.length ? folders[folders.length - 1][0] : -2;
    if (indent !== parentIndent + 2) return;
    const parent = folders.length ? folders[folders.length - 1][1] : '';
    // "main.tsx, app/" and "components/, hooks/" name several entries; the annotation follows after a space.
    const head = /^((?:[\w.@<>*/-]|\{[^}\s]*\})+(?:, (?:[\w.@<>*/-]|\{[^}\s]*\})+)*)(?:\s|$)/.exec(match[2]);
    if (!head) return;
    const names = head[1].split(', ');
    if (!names.every((name) => NAME.test(name) && /[./]/.test(name))) return;
    for (const name of names) {
      for (const expanded of expandBraces(name)) entries.push({ path: parent + expanded, line: index + 1 });
    }
    const folder = names.length === 1 && names[0].endsWith('/') ? names[0] : null;
    if (folder) folders.push([indent, parent + folder]);
  });
  return entries;
}

function folders(dir) {
  return readdirSync(join(root, dir), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => `${dir}/${entry.name}/`);
}

function files(dir, suffix) {
  return readdirSync(join(root, dir), { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => `${dir}/${entry.name}`);
}

export function checkMap(markdown) {
  const problems = [];
  const entries = mapEntries(markdown);
  // `features/<area>/` names the folder that holds the areas.
  const named = new Set(entries.map((entry) => entry.path.replace(/<.*$/, '')));
  for (const { path, line } of entries) {
    if (/[<*]/.test(path)) continue;
    if (!existsSync(join(root, path))) problems.push(`${MAP} names ${path} (tree line ${line}), which does not exist`);
  }
  const mustBeOnMap = [
    ...folders('backend/src'),
    ...files('shared/src', '.ts').filter((file) => !file.endsWith('index.ts')),
    ...folders('frontend/src'),
    ...folders('frontend/src/features'),
  ];
  for (const path of mustBeOnMap) {
    if (!named.has(path)) problems.push(`${path} is not on the map in ${MAP}: add it to "## The tree" with a line on what it holds`);
  }
  return { problems, entries: entries.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { problems, entries } = checkMap(readFileSync(join(root, MAP), 'utf8'));
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log(`architecture map: ${entries} entries, all present; every module, contract and feature is on it`);
}
