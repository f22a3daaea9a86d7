/**
 * `npm audit --omit=dev`, failing on any high or critical advisory in what the image ships.
 * Exit 0: none; 1: some (listed); 3: the advisory database could not be asked (CI says so, loudly).
 */
import { spawnSync } from 'node:child_process';

const result = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
let report;
try {
  report = JSON.parse(result.stdout);
} catch {
  report = undefined;
}
const counts = report?.metadata?.vulnerabilities;
if (!counts) {
  const reason = report?.error?.summary || report?.message || (result.stderr || result.stdout).trim().split('\n').at(-1);
  process.stderr.write(`npm audit: the advisory database could not be asked (${reason}); production dependencies NOT checked\n`);
  process.exit(3);
}
const serious = Object.values(report.vulnerabilities ?? {}).filter((entry) => entry.severity === 'high' || entry.severity === 'critical');
for (const entry of serious) {
  const titles = entry.via.filter((via) => typeof via === 'object').map((via) => `${via.title} ${via.url}`);
  process.stderr.write(`  ${entry.severity.padEnd(8)} ${entry.name} ${entry.range}: ${titles.join('; ') || `through ${entry.via.join(', ')}`}\n`);
}
process.stdout.write(`npm audit --omit=dev: ${counts.critical} critical, ${counts.high} high, ${counts.moderate} moderate, ${counts.low} low\n`);
process.exit(serious.length > 0 ? 1 : 0);
