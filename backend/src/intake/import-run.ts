import type { IntakeOutcome } from '@newsdesk/shared';
import type { ImportItem } from './import-files.js';
import type { IntakeResult } from './intake.service.js';
import type { RawInput } from './raw-store.js';

/** What the import reports per message: the pipeline's outcome, or `error` for input it could not take. */
export interface ImportLine {
  file: string;
  outcome: IntakeOutcome | 'error';
  ticket: string | null;
  messageId: string | null;
  error: string | null;
}

/** The intake step the import drives (IntakeService in the CLI). */
export interface ImportIntake {
  importMany(inputs: RawInput[]): Promise<IntakeResult[]>;
}

export interface ImportOptions {
  /** Batches processed at the same time (each in its own transaction, parsed on the worker pool). */
  concurrency: number;
  /** Most messages one batch takes (stored and persisted with few multi-row statements), and the bytes that close a batch early. */
  processBatch: number;
  batchBytes: number;
  /** Called once per item, in input order. */
  onLine(line: ImportLine): void;
}

interface Entry {
  index: number;
  file: string;
  bytes: Buffer;
}

/** Resolves the waiters of the moment; the reader and the processors wait on each other through it. */
class Signal {
  private waiters: (() => void)[] = [];
  wait(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  notify(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Imports a stream of items in batches, `concurrency` at a time: each batch is stored and processed in
 * one transaction (IntakeService.importMany), so an interrupted import leaves nothing half done and a
 * re-run imports what is missing (the rest comes out as duplicates). The reader stays at most one batch
 * per processor ahead, so memory is bounded. Lines come out in input order.
 */
export async function runImport(intake: ImportIntake, items: AsyncIterable<ImportItem>, options: ImportOptions): Promise<void> {
  const ready: Entry[][] = [];
  const finished = new Map<number, ImportLine>();
  const changed = new Signal();
  let nextLine = 0;
  let reading = true;

  const finish = (index: number, line: ImportLine) => {
    finished.set(index, line);
    for (let next = finished.get(nextLine); next; next = finished.get(nextLine)) {
      finished.delete(nextLine++);
      options.onLine(next);
    }
  };
  const failed = (file: string, error: string): ImportLine => ({ file, outcome: 'error', ticket: null, messageId: null, error });

  const queue = async (batch: Entry[]) => {
    if (!batch.length) return;
    while (ready.length >= options.concurrency) await changed.wait();
    ready.push(batch);
    changed.notify();
  };

  const reader = (async () => {
    let batch: Entry[] = [];
    let bytes = 0;
    let index = 0;
    try {
      for await (const item of items) {
        const at = index++;
        if (item.error !== undefined) {
          finish(at, failed(item.label, item.error));
          continue;
        }
        batch.push({ index: at, file: item.label, bytes: item.bytes });
        bytes += item.bytes.length;
        if (batch.length >= options.processBatch || bytes >= options.batchBytes) {
          await queue(batch);
          batch = [];
          bytes = 0;
        }
      }
      await queue(batch);
    } finally {
      reading = false;
      changed.notify();
    }
  })();

  const processor = async () => {
    for (;;) {
      const batch = ready.shift();
      if (!batch) {
        if (!reading) return;
        await changed.wait();
        continue;
      }
      changed.notify();
      const lines = await intake.importMany(batch.map(({ file, bytes }) => ({ bytes, door: 'import', source: file }))).then(
        (results) =>
          batch.map((item, at): ImportLine => {
            const result = results[at];
            if (!result) return failed(item.file, 'stored but not processed: the row is gone');
            return { file: item.file, outcome: result.outcome, ticket: result.reference, messageId: result.messageId, error: result.error };
          }),
        (error: unknown) => batch.map((item) => failed(item.file, `could not import the message: ${message(error)}`)),
      );
      batch.forEach((item, at) => finish(item.index, lines[at]));
    }
  };

  await Promise.all([reader, ...Array.from({ length: options.concurrency }, processor)]);
}
