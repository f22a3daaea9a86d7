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

/** The two intake steps the import drives (IntakeService in the CLI). */
export interface ImportIntake {
  acceptMany(inputs: RawInput[]): Promise<string[]>;
  processMany(rawIds: string[], options: { wait: boolean }): Promise<IntakeResult[]>;
}

export interface ImportOptions {
  /** Batches processed at the same time (each in its own transaction, parsed on the worker pool). */
  concurrency: number;
  /** Most messages one processing batch takes (persisted with few multi-row statements). */
  processBatch: number;
  /** Messages per INSERT into raw_messages, and the bytes that close a batch early. */
  batchSize: number;
  batchBytes: number;
  /** Called once per item, in input order. */
  onLine(line: ImportLine): void;
}

/** Resolves the waiters of the moment; the producer and the processors wait on each other through it. */
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
 * Imports a stream of items: raw messages are committed in batches (one multi-row INSERT each),
 * then processed through the one intake pipeline in batches of up to `processBatch`, `concurrency` at a time. The reader stays at most
 * one batch ahead of processing, so memory is bounded and an interrupted import leaves few rows
 * pending (which a re-run picks up again instead of storing twice). Lines come out in input order.
 */
export async function runImport(intake: ImportIntake, items: AsyncIterable<ImportItem>, options: ImportOptions): Promise<void> {
  const ready: { index: number; file: string; rawId: string }[] = [];
  // Rows another process (the server's intake worker, woken by the insert) holds: asked again once it is done.
  const deferred: { index: number; file: string; rawId: string }[] = [];
  const finished = new Map<number, ImportLine>();
  const changed = new Signal();
  let nextLine = 0;
  let inFlight = 0;
  let reading = true;
  // One stored batch and two processing batches at most: rows wait pending only briefly, so the server's
  // intake worker (woken by the insert) takes few of them and an interrupted run leaves few behind.
  const limit = options.batchSize + options.processBatch * 2;

  const finish = (index: number, line: ImportLine) => {
    finished.set(index, line);
    for (let next = finished.get(nextLine); next; next = finished.get(nextLine)) {
      finished.delete(nextLine++);
      options.onLine(next);
    }
  };
  const failed = (file: string, error: string): ImportLine => ({ file, outcome: 'error', ticket: null, messageId: null, error });

  const store = async (batch: { index: number; file: string; bytes: Buffer }[]) => {
    if (!batch.length) return;
    while (ready.length + inFlight + batch.length > limit && ready.length + inFlight > 0) await changed.wait();
    try {
      const ids = await intake.acceptMany(batch.map(({ file, bytes }) => ({ bytes, door: 'import', source: file })));
      batch.forEach(({ index, file }, at) => ready.push({ index, file, rawId: ids[at] }));
    } catch (error) {
      for (const { index, file } of batch) finish(index, failed(file, `could not store the message: ${message(error)}`));
    }
    changed.notify();
  };

  const reader = (async () => {
    let batch: { index: number; file: string; bytes: Buffer }[] = [];
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
        if (batch.length >= options.batchSize || bytes >= options.batchBytes) {
          await store(batch);
          batch = [];
          bytes = 0;
        }
      }
      await store(batch);
    } finally {
      reading = false;
      changed.notify();
    }
  })();

  const processor = async () => {
    for (;;) {
      const fresh = ready.splice(0, options.processBatch);
      // Rows held elsewhere are waited for only when nothing else is left to do, so no slot idles behind another process.
      const held = !fresh.length && (ready.length + inFlight === 0 || !reading) ? deferred.shift() : undefined;
      const batch = held ? [held] : fresh;
      if (!batch.length) {
        if (!reading && !inFlight && !deferred.length) return;
        await changed.wait();
        continue;
      }
      inFlight += batch.length;
      const lines = await intake.processMany(
        batch.map((item) => item.rawId),
        { wait: !!held },
      ).then(
        (results) =>
          batch.map((item, at): ImportLine | null => {
            const result = results[at];
            if (!result) return failed(item.file, `stored (raw message ${item.rawId}) but not processed: the row is gone`);
            return result.outcome === 'pending' && !held
              ? null
              : { file: item.file, outcome: result.outcome, ticket: result.reference, messageId: result.messageId, error: result.error };
          }),
        (error: unknown) => batch.map((item) => failed(item.file, `stored (raw message ${item.rawId}) but not processed: ${message(error)}`)),
      );
      inFlight -= batch.length;
      batch.forEach((item, at) => {
        const line = lines[at];
        if (line) finish(item.index, line);
        else deferred.push(item);
      });
      changed.notify();
    }
  };

  await Promise.all([reader, ...Array.from({ length: options.concurrency }, processor)]);
}
