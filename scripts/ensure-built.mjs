// Builds each workspace whose sources are newer than its last build, so `npm start` and
// `npm run cli` run the built output without rebuilding what has not changed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const workspaces = [
  { name: 'shared', inputs: ['src', 'package.json', 'tsconfig.json'] },
  { name: 'frontend', inputs: ['src', 'index.html', 'vite.config.ts', 'package.json', 'public'] },
  { name: 'backend', inputs: ['src', 'package.json', 'tsconfig.json', 'tsconfig.build.json'] },
];

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, entry) => Math.max(max, newest(join(path, entry))), stat.mtimeMs);
}

let upstreamRebuilt = false;
for (const workspace of workspaces) {
  const dir = join(root, workspace.name);
  const stamp = join(dir, 'dist', '.build-stamp');
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  const changed = Math.max(...workspace.inputs.map((input) => newest(join(dir, input))));
  if (!upstreamRebuilt && built && changed <= built) continue;
  process.stderr.write(`building ${workspace.name}…\n`);
  const result = spawnSync('npm', ['run', 'build', '--silent', '-w', workspace.name], { cwd: root, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(stamp, new Date().toISOString());
  // The backend type-checks against shared's output, so a shared rebuild rebuilds it too.
  if (workspace.name === 'shared') upstreamRebuilt = true;
}
