import * as nodeModule from 'node:module';

// Imported first by cli.ts: each CLI run is a short process that loads the whole app, so V8's compiled code of the
// CommonJS dependencies (evaluated after this) is kept on disk (the OS temp folder) for the next run. Read from the
// namespace: a runtime without it (older than the engines field allows) still starts and says so itself.
if ('enableCompileCache' in nodeModule && typeof nodeModule.enableCompileCache === 'function') nodeModule.enableCompileCache();
