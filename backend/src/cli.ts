import './compile-cache.js';
import { PARSE_POOL_SIZE, prestartParseWorkers } from './intake/mime/parse-pool.js';

// An import parses on the pool's workers: started first, they load the parser while this thread loads the app.
if (process.argv[2] === 'import') prestartParseWorkers(PARSE_POOL_SIZE);

// The commands load the whole app: imported only now, so V8's compile cache (enabled above) covers this app's own modules too.
await import('./cli-commands.js');
