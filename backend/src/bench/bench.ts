import { api } from './api.bench.js';
import { dashboard } from './dashboard.bench.js';
import { importBench, intake } from './intake.bench.js';
import { queries } from './queries.bench.js';
import { outbound } from './outbound.bench.js';
import { report } from './report.bench.js';

/** `npm run bench -- <name>`: each bench prints a Markdown block for docs/benchmarks.md. */
const benches: Record<string, (args: string[]) => Promise<void>> = { api, intake, import: importBench, outbound, dashboard, queries, report };

async function main() {
  const [name, ...args] = process.argv.slice(2);
  const bench = name ? benches[name] : undefined;
  if (!bench) {
    process.stderr.write(`Usage: npm run bench -- <${Object.keys(benches).join('|')}>\n`);
    process.exit(2);
  }
  await bench(args);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
