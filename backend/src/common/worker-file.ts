import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The compiled worker module `name` (.js) beside the module at `moduleUrl`. Running from the TypeScript
 * sources (jest), Node cannot load a .ts worker, so the build's copy is used; `what` names the work in the error.
 */
export function compiledWorkerFile(moduleUrl: string, name: string, what: string): string {
  const here = fileURLToPath(moduleUrl);
  const folder = here.endsWith('.ts') ? dirname(here).replace(/([/\\])src([/\\]|$)(?!.*[/\\]src([/\\]|$))/, '$1dist$2') : dirname(here);
  const file = join(folder, `${name}.js`);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build -w backend\` (${what} runs from the build)`);
  return file;
}
