import { enableCompileCache } from 'node:module';

// Each CLI run is a short process that loads the whole app: V8's compiled code is kept on disk (the OS temp folder) for the next run.
enableCompileCache?.();
await import('./cli-commands.js');
