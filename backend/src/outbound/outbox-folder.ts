import { Worker } from 'node:worker_threads';
import { compiledWorkerFile } from '../common/worker-file.js';

/** Main thread → folder worker: files to write in one go. */
export interface FolderWriteRequest {
  id: number;
  folder: string;
  files: { name: string; bytes: Uint8Array }[];
}

/** Folder worker → main thread: per file, null or why it was not written. */
export interface FolderWriteReply {
  id: number;
  errors: (string | null)[];
}

interface PendingFile {
  name: string;
  bytes: Uint8Array;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * The outbox folder's .eml files, written on a worker thread in groups: the files asked for while a group is
 * being written go together in the next one (group commit, as raw-store.ts does for the raw INSERT). Through
 * fs/promises each file cost the event loop an open, a write and a close on the libuv pool, about a quarter
 * of the main thread's time while the outbox wrote a burst of acknowledgements.
 */
export class OutboxFolder {
  private worker: Worker | null = null;
  private readonly waiting: PendingFile[] = [];
  private readonly writing = new Map<number, PendingFile[]>();
  private nextId = 1;
  private scheduled = false;
  private readonly file = compiledWorkerFile(import.meta.url, 'outbox-folder.worker', 'the outbox folder');

  constructor(readonly folder: string) {}

  /** Resolves once the file is written (the folder is created if missing). */
  write(name: string, bytes: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ name, bytes, resolve, reject });
      // The sends of one batch call in the same turn of the event loop: one group for all of them.
      if (!this.scheduled && !this.writing.size) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  close(): Promise<unknown> {
    const worker = this.worker;
    this.worker = null;
    return worker?.terminate() ?? Promise.resolve();
  }

  private flush() {
    this.scheduled = false;
    if (!this.waiting.length) return;
    const group = this.waiting.splice(0);
    const id = this.nextId++;
    this.writing.set(id, group);
    const worker = this.started();
    // Held open while files are being written, as an fs call would hold it; idle, it never keeps the process alive.
    worker.ref();
    worker.postMessage({ id, folder: this.folder, files: group.map(({ name, bytes }) => ({ name, bytes })) } satisfies FolderWriteRequest);
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.file);
    worker.on('message', ({ id, errors }: FolderWriteReply) => {
      const group = this.writing.get(id) ?? [];
      this.writing.delete(id);
      group.forEach((file, index) => (errors[index] === null ? file.resolve() : file.reject(new Error(errors[index]!))));
      if (!this.writing.size) worker.unref();
      this.flush();
    });
    // A worker that died takes its groups with it: those sends fail (and retry); the next write starts a new one.
    const lost = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const group of this.writing.values()) for (const file of group) file.reject(error);
      this.writing.clear();
      this.flush();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the outbox folder writer stopped (exit code ${code})`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }
}
