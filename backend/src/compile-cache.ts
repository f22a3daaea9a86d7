import * as nodeModule from 'node:module';

// Imported first by cli.ts, before it loads the commands: each CLI run is a short process that loads the whole app, so
// V8's compiled code of every module is kept on disk (the OS temp folder) for the next run. Read from the namespace:
// a runtime without it (older than the engines field allows) still starts and says so itself.
if ('enableCompileCache' in nodeModule && typeof nodeModule.enableCompileCache === 'function') {
  const { directory } = nodeModule.enableCompileCache();
  // Worker threads (mail parsing, sender checks) start without it; they inherit this process's environment, which turns it on there.
  if (directory && !process.env.NODE_COMPILE_CACHE) process.env.NODE_COMPILE_CACHE = directory;
}
