import { closeSync, fstatSync, ftruncateSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { mboxEntry } from './mbox-entry.js';
import type { FolderWriteReply, FolderWriteRequest } from './outbox-folder.js';

/** Appends a group of mails to the day's mbox with one open, one write and one close. */
parentPort!.on('message', ({ id, folder, file, date, mails }: FolderWriteRequest) => {
  let error: string | null = null;
  try {
    append(folder, join(folder, file), Buffer.concat(mails.map((mail) => mboxEntry(mail.sender, date, mail.bytes))));
  } catch (failure) {
    error = failure instanceof Error ? failure.message : String(failure);
  }
  parentPort!.postMessage({ id, error } satisfies FolderWriteReply);
});

/** A folder removed while the server runs is created again; a write that fails part way is cut back off, so the file stays whole. */
function append(folder: string, path: string, bytes: Buffer) {
  let fd: number;
  try {
    fd = openSync(path, 'a');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(folder, { recursive: true });
    fd = openSync(path, 'a');
  }
  const size = fstatSync(fd).size;
  try {
    for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written);
  } catch (error) {
    try {
      ftruncateSync(fd, size);
    } catch {
      // The write's own error says more than the truncate's.
    }
    throw error;
  } finally {
    closeSync(fd);
  }
}
