import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import type { FolderWriteReply, FolderWriteRequest } from './outbox-folder.js';

/** Writes a group of .eml files with plain synchronous calls: open, write, close per file and nothing else. */
parentPort!.on('message', ({ id, folder, files }: FolderWriteRequest) => {
  const errors = files.map(({ name, bytes }) => {
    try {
      write(join(folder, name), bytes, folder);
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  });
  parentPort!.postMessage({ id, errors } satisfies FolderWriteReply);
});

/** A folder removed while the server runs is created again. */
function write(file: string, bytes: Uint8Array, folder: string) {
  try {
    writeFileSync(file, bytes);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(folder, { recursive: true });
    writeFileSync(file, bytes);
  }
}
