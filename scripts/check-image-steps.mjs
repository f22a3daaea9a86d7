// Runs the Dockerfile's steps where Docker is not available: each stage in a clean temporary folder
// standing in for its WORKDIR, COPY from this checkout (minus .dockerignore) or from an earlier
// stage, RUN with the stage's ENV (`npm ci`, build, prune), then the final stage's CMD with its ENV
// until /api/health answers, and its HEALTHCHECK command. Only the instructions this Dockerfile uses
// are understood; anything else stops the check. It cannot check the base image itself: it runs on
// this machine's Node (the image's is printed beside it) and skips RUN steps outside WORKDIR.
// Usage: node scripts/check-image-steps.mjs [--keep]
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const keep = process.argv.includes('--keep');
const started = Date.now();
const say = (line) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
const fail = (line) => {
  say(`FAILED: ${line}`);
  process.exitCode = 1;
  throw new Error(line);
};

/** Dockerfile instructions with continuation lines joined and comments dropped. */
function instructions(text) {
  const joined = text.replace(/\\\r?\n/g, ' ');
  return joined
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [, keyword, rest] = /^(\S+)\s*(.*)$/.exec(line);
      return { keyword: keyword.toUpperCase(), args: rest };
    });
}

/** .dockerignore as this repository writes it: names at the top (`data`) or at any depth (`**\/dist`). */
function ignoreRules() {
  const path = join(root, '.dockerignore');
  const lines = existsSync(path) ? readFileSync(path, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')) : [];
  for (const line of lines) if (/[*?[]/.test(line.replace(/^\*\*\//, '')) || line.startsWith('!')) fail(`.dockerignore pattern not understood here: ${line}`);
  return (relativePath) => {
    const parts = relativePath.split('/');
    return lines.some((line) => (line.startsWith('**/') ? parts.includes(line.slice(3)) : parts[0] === line || relativePath === line));
  };
}

function words(args) {
  if (args.startsWith('[')) return JSON.parse(args);
  return args.split(/\s+/).filter(Boolean);
}

function parseEnv(args) {
  const env = {};
  for (const match of args.matchAll(/(\w+)=("[^"]*"|\S*)/g)) env[match[1]] = match[2].replace(/^"|"$/g, '');
  return env;
}

const dockerfile = instructions(readFileSync(join(root, 'Dockerfile'), 'utf8'));
const ignored = ignoreRules();
const work = mkdtempSync(join(tmpdir(), 'newsdesk-image-'));
chmodSync(work, 0o755);
const stages = [];
let stage;

/** Maps a path inside the image to the stage's folder; only paths under WORKDIR exist here. */
function inStage(target, imagePath) {
  const absolute = imagePath.startsWith('/') ? imagePath : join(target.workdir, imagePath);
  const rel = relative(target.workdir, absolute);
  if (rel.startsWith('..')) fail(`path outside WORKDIR ${target.workdir}: ${imagePath}`);
  return join(target.dir, rel);
}

function copy(from, to) {
  if (!existsSync(from)) fail(`COPY source missing: ${from}`);
  mkdirSync(dirname(to), { recursive: true });
  cpSync(from, to, {
    recursive: true,
    filter: (source) => !source.startsWith(root) || !ignored(relative(root, source)),
  });
}

async function main() {
  say(`Dockerfile steps in ${work} (this machine's Node ${process.version})`);
  for (const { keyword, args } of dockerfile) {
    if (keyword === 'FROM') {
      const [image, , name] = args.split(/\s+/);
      stage = { image, name: name ?? String(stages.length), dir: join(work, `stage-${stages.length}`), workdir: '/', env: {} };
      mkdirSync(stage.dir, { recursive: true });
      chmodSync(stage.dir, 0o755);
      stages.push(stage);
      say(`FROM ${image}${name ? ` AS ${name}` : ''}`);
      if (!/^node:\d+/.test(image)) fail(`base image ${image}: only node images are understood`);
    } else if (keyword === 'WORKDIR') {
      stage.workdir = args;
    } else if (keyword === 'ENV') {
      Object.assign(stage.env, parseEnv(args));
    } else if (keyword === 'COPY') {
      const parts = words(args);
      const fromFlag = parts.find((part) => part.startsWith('--from='));
      const paths = parts.filter((part) => !part.startsWith('--'));
      const destination = paths.pop();
      for (const source of paths) {
        let from;
        if (fromFlag) {
          const other = stages.find((s) => s.name === fromFlag.slice('--from='.length));
          if (!other) fail(`COPY ${fromFlag}: no such stage`);
          from = inStage(other, source);
        } else {
          from = join(root, source);
          if (ignored(source)) fail(`COPY ${source}: excluded by .dockerignore`);
        }
        // Docker: a destination ending in / (or several sources) is a folder; a source folder's contents are copied.
        const intoFolder = destination.endsWith('/') || paths.length > 1;
        const to = inStage(stage, intoFolder ? join(destination, basename(source)) : destination);
        copy(from, to);
      }
    } else if (keyword === 'RUN') {
      if (/(^|[\s;&|])\/(?!app\b)\w/.test(args) && !args.includes(stage.workdir)) {
        say(`RUN ${args}  (skipped: works outside WORKDIR, on the image's own filesystem)`);
        continue;
      }
      say(`RUN ${args}`);
      const result = spawnSync('sh', ['-c', args], {
        cwd: inStage(stage, stage.workdir),
        env: { ...process.env, ...stage.env },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      if (result.status !== 0) fail(`RUN ${args} exited with ${result.status}`);
    } else if (['USER', 'VOLUME', 'EXPOSE', 'HEALTHCHECK', 'CMD', 'LABEL', 'ARG'].includes(keyword)) {
      stage[keyword.toLowerCase()] = args;
    } else {
      fail(`instruction not understood here: ${keyword}`);
    }
  }
  await runFinalStage(stages.at(-1));
}

/** The first line an SMTP server sends on connect. */
function smtpGreeting(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const timer = setTimeout(() => (socket.destroy(), resolve('(no greeting within 10 s)')), 10_000);
    socket.once('data', (chunk) => {
      clearTimeout(timer);
      socket.end('QUIT\r\n');
      resolve(String(chunk).split('\n')[0]);
    });
    socket.once('error', (error) => (clearTimeout(timer), resolve(`(${error.message})`)));
  });
}

/** Starts the final stage's CMD as the container would, on its own data folder and free ports, until healthy. */
async function runFinalStage(final) {
  if (!final.cmd) fail('the final stage has no CMD');
  const [command, ...args] = words(final.cmd);
  const dataDir = join(work, 'data');
  mkdirSync(dataDir);
  chmodSync(dataDir, 0o755);
  const base = 30000 + Math.floor(Math.random() * 20000);
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...final.env,
    // The image's /data volume and ports, moved where this machine has room.
    DATA_DIR: dataDir,
    PORT: String(base),
    SMTP_PORT: String(base + 1),
    EMBEDDED_PG_PORT: String(base + 2),
    OFFICE_TIMEZONE: 'Europe/Paris',
    LOG_LEVEL: 'warn',
  };
  say(`CMD ${final.cmd} (ENV ${Object.entries(final.env).map(([k, v]) => `${k}=${v}`).join(' ')}; ports and DATA_DIR moved)`);
  const server = spawn(command, args, { cwd: inStage(final, final.workdir), env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 90_000;
    let health;
    while (Date.now() < deadline && server.exitCode === null) {
      health = await fetch(`http://127.0.0.1:${base}/api/health`).catch(() => null);
      if (health?.ok) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    if (!health?.ok) fail(`the image's CMD never answered /api/health:\n${stderr}`);
    const page = await fetch(`http://127.0.0.1:${base}/`);
    if (!(await page.text()).includes('<div id="root">')) fail('the image does not serve the dashboard at /');
    if (!/setup\?token=/.test(stderr)) fail(`no setup link on stderr:\n${stderr}`);
    const greeting = await smtpGreeting(base + 1);
    if (!greeting.startsWith('220')) fail(`the SMTP door did not greet: ${greeting}`);
    say(`the image's CMD answers /api/health, serves the dashboard, and its SMTP door greets: ${greeting.trim()}`);
    if (final.healthcheck) {
      const check = /CMD\s+(.*)$/.exec(final.healthcheck)?.[1];
      const result = spawnSync('sh', ['-c', check], { cwd: inStage(final, final.workdir), env, encoding: 'utf8' });
      if (result.status !== 0) fail(`HEALTHCHECK failed: ${check}`);
      say('HEALTHCHECK passes');
    }
  } finally {
    server.kill('SIGTERM');
    const code = await exited;
    if (code !== 0 && process.exitCode !== 1) fail(`the server stopped with ${code} on SIGTERM`);
  }
}

main()
  .then(() => say('image steps OK'))
  .catch((error) => {
    if (process.exitCode !== 1) say(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  })
  .finally(() => {
    if (keep) return say(`kept ${work}`);
    rmSync(work, { recursive: true, force: true });
    say('temporary folder removed');
  });
