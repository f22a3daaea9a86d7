import { Worker } from 'node:worker_threads';
import { compiledWorkerFile } from '../../common/worker-file.js';
import { workerBytes } from '../shared-bytes.js';
import { MailBoundsError, type DeadlineContext, type ParseLimits, type ParseRequest, type ParseResponse, type ParsedMail } from './parsed-mail.js';

/** The compiled parse worker module (common/worker-file.ts). */
const workerFile = () => compiledWorkerFile(import.meta.url, 'parse.worker', 'the mail parser');

/** Parse workers per pool: one message each at a time. */
export const PARSE_POOL_SIZE = 2;

// Workers started before any pool exists (prestartParseWorkers); the first pool to need one takes it.
const prestarted: Worker[] = [];
// The name is the thread's name in /proc and in profiles (`npm run bench` reports CPU per thread by it).
const PARSE_WORKER_OPTIONS = { name: 'mail-parse', resourceLimits: { maxOldGenerationSizeMb: 512 } };

/**
 * Starts `count` parse workers now, for a pool created later to take: a short-lived process (the CLI
 * import) has them load their modules on the other core while its own thread loads the app.
 */
export function prestartParseWorkers(count: number): void {
  while (prestarted.length < count) {
    const worker = new Worker(workerFile(), PARSE_WORKER_OPTIONS);
    // Until a pool takes it: an error only means the pool starts a fresh one; it must not keep the process alive.
    worker.on('error', () => prestarted.includes(worker) && prestarted.splice(prestarted.indexOf(worker), 1));
    worker.unref();
    prestarted.push(worker);
  }
}

interface Job {
  id: number;
  bytes: Buffer;
  deadline: DeadlineContext;
  resolve: (mail: ParsedMail) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Handed over in one message and parsed in this order; the first is the one being parsed. */
  jobs: Job[];
  timer: NodeJS.Timeout | null;
}

// A burst (an import batch, a backlog) goes to a worker several messages per hand-over: one wake-up of the
// thread, not one per mail. A big mail goes alone; the rest stays queued for the other worker.
const MAX_GROUP = 8;
const MAX_GROUP_BYTES = 1024 * 1024;

/**
 * Parses mail on worker threads (parse.worker.ts), one message per worker at a time: a 10 MB mail
 * or a MIME bomb never blocks the API's event loop, and a parse past its time limit is stopped by
 * terminating its worker (a fresh one takes its place). Each message has the full time limit from
 * when the one before it on that worker finished; the messages handed over after the one that
 * failed are parsed again on a fresh worker.
 */
export class ParsePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private readonly file = compiledWorkerFile(import.meta.url, 'parse.worker', 'the mail parser');

  constructor(
    private readonly size: number,
    private readonly limits: ParseLimits,
  ) {}

  parse(bytes: Buffer, deadline: DeadlineContext): Promise<ParsedMail> {
    if (this.closed) return Promise.reject(new Error('parse pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, bytes, deadline, resolve, reject });
      // After the current burst of calls (an import batch starts all its parses at once), so they can go together.
      if (this.queue.length === 1) queueMicrotask(() => this.dispatch());
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('parse pool is closed'));
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
  }

  private dispatch() {
    while (this.queue.length && !this.closed) {
      let slot = this.slots.find((candidate) => !candidate.jobs.length);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const idle = this.slots.filter((candidate) => !candidate.jobs.length).length + this.size - this.slots.length;
      const jobs = this.takeGroup(Math.ceil(this.queue.length / Math.max(idle, 1)));
      slot.jobs = jobs;
      this.startTimer(slot);
      const requests: ParseRequest[] = [];
      const transfer: ArrayBuffer[] = [];
      for (const job of jobs) {
        const bytes = workerBytes(job.bytes);
        requests.push({ id: job.id, bytes: bytes.view, limits: this.limits, deadline: job.deadline });
        transfer.push(...bytes.transfer);
      }
      slot.worker.postMessage(requests, transfer);
    }
  }

  /** Up to `wanted` queued jobs (at most MAX_GROUP, MAX_GROUP_BYTES together; always at least one). */
  private takeGroup(wanted: number): Job[] {
    const jobs = [this.queue.shift()!];
    let bytes = jobs[0].bytes.length;
    while (jobs.length < Math.min(wanted, MAX_GROUP) && this.queue.length && bytes + this.queue[0].bytes.length <= MAX_GROUP_BYTES) {
      bytes += this.queue[0].bytes.length;
      jobs.push(this.queue.shift()!);
    }
    return jobs;
  }

  private startTimer(slot: Slot) {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = setTimeout(() => this.fail(slot, new MailBoundsError(`parsing took longer than ${this.limits.timeoutMs} ms`)), this.limits.timeoutMs);
  }

  private spawn(): Slot {
    const worker = prestarted.shift() ?? new Worker(this.file, PARSE_WORKER_OPTIONS);
    worker.removeAllListeners('error');
    const slot: Slot = { worker, jobs: [], timer: null };
    worker.on('message', (reply: ParseResponse) => this.settle(slot, reply));
    worker.on('error', (error) => this.fail(slot, new MailBoundsError(`the parser failed: ${error.message}`)));
    worker.on('exit', () => {
      if (slot.jobs.length) this.fail(slot, new MailBoundsError('the parser stopped unexpectedly'));
    });
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private settle(slot: Slot, reply: ParseResponse) {
    const job = slot.jobs[0];
    if (!job || job.id !== reply.id) return;
    slot.jobs.shift();
    if (slot.jobs.length) this.startTimer(slot);
    else this.release(slot);
    if (reply.bounds) job.reject(new MailBoundsError(reply.bounds));
    else if (reply.error !== undefined) job.reject(new Error(`unparseable message: ${reply.error}`));
    else job.resolve(revive(reply.result!));
    if (!slot.jobs.length) this.dispatch();
  }

  /** The job being parsed timed out or crashed its worker: it fails, the worker is replaced, the jobs after it go back to the queue's front. */
  private fail(slot: Slot, error: Error) {
    const [job, ...rest] = slot.jobs;
    this.release(slot);
    this.queue.unshift(...rest);
    const index = this.slots.indexOf(slot);
    if (index >= 0) {
      this.slots.splice(index, 1);
      void slot.worker.terminate();
    }
    job?.reject(error);
    if (!this.closed) this.dispatch();
  }

  private release(slot: Slot) {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.jobs = [];
  }
}

/** Structured clone turns Buffers into Uint8Arrays; make them Buffers again. */
function revive(mail: ParsedMail): ParsedMail {
  return {
    ...mail,
    attachments: mail.attachments.map((attachment) => ({
      ...attachment,
      content: Buffer.from(attachment.content.buffer, attachment.content.byteOffset, attachment.content.byteLength),
    })),
  };
}
