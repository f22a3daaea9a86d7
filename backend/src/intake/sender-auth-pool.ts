import { Worker } from 'node:worker_threads';
import { compiledWorkerFile } from '../common/worker-file.js';
import type { DnsResolver } from './dns-resolver.js';
import type { SenderVerdict } from './sender-auth.js';
import { workerBytes } from './shared-bytes.js';

interface Envelope {
  ip: string | null;
  helo: string | null;
  mailFrom: string | null;
}

/** Main thread → worker: a message to check, or the answer to a DNS query the worker asked. */
export type SenderAuthRequest =
  | { type: 'authenticate'; id: number; bytes: Uint8Array; envelope: Envelope; authservId: string }
  | { type: 'dns'; query: number; value?: unknown; error?: { code: string | undefined; message: string } };

/** Worker → main thread. */
export type SenderAuthReply = { type: 'dns'; query: number; name: string; rrtype: string } | { type: 'done'; id: number; verdict: SenderVerdict };

/** Past this the worker is replaced and the sender counts as unchecked (its own DNS deadline is 20 s). */
const HARD_LIMIT_MS = 30_000;

interface Job {
  id: number;
  worker: Worker;
  resolve: (verdict: SenderVerdict) => void;
  timer: NodeJS.Timeout;
}

/**
 * Runs mailauth on worker threads, several messages per worker (most of the time is spent waiting
 * for DNS), spread over `size` workers; DNS is answered here by `resolver`.
 */
export class SenderAuthPool {
  private readonly workers: Worker[] = [];
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;
  private turn = 0;
  private closed = false;
  private readonly file = compiledWorkerFile(import.meta.url, 'sender-auth.worker', 'sender authentication');

  constructor(
    private readonly size: number,
    private readonly resolver: DnsResolver,
  ) {}

  authenticate(bytes: Buffer, envelope: Envelope, authservId: string): Promise<SenderVerdict> {
    if (this.closed) return Promise.reject(new Error('sender authentication pool is closed'));
    const worker = this.worker();
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.replace(worker, 'the sender checks took too long'), HARD_LIMIT_MS);
      this.jobs.set(id, { id, worker, resolve, timer });
      const { view, transfer } = workerBytes(bytes);
      worker.postMessage({ type: 'authenticate', id, bytes: view, envelope, authservId } satisfies SenderAuthRequest, transfer);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.splice(0).map((worker) => worker.terminate()));
  }

  private worker(): Worker {
    if (this.workers.length < this.size) return this.spawn();
    this.turn = (this.turn + 1) % this.workers.length;
    return this.workers[this.turn];
  }

  private spawn(): Worker {
    const worker = new Worker(this.file, { name: 'sender-auth', resourceLimits: { maxOldGenerationSizeMb: 512 } });
    worker.on('message', (reply: SenderAuthReply) => {
      if (reply.type === 'done') return this.settle(reply.id, reply.verdict);
      this.resolver(reply.name, reply.rrtype).then(
        (value) => worker.postMessage({ type: 'dns', query: reply.query, value } satisfies SenderAuthRequest),
        (error: Error & { code?: string }) => worker.postMessage({ type: 'dns', query: reply.query, error: { code: error.code, message: error.message } } satisfies SenderAuthRequest),
      );
    });
    worker.on('error', (error) => this.replace(worker, `the sender check failed: ${error.message}`));
    worker.on('exit', () => this.replace(worker, 'the sender check stopped unexpectedly'));
    worker.unref();
    this.workers.push(worker);
    return worker;
  }

  private settle(id: number, verdict: SenderVerdict) {
    const job = this.jobs.get(id);
    if (!job) return;
    clearTimeout(job.timer);
    this.jobs.delete(id);
    job.resolve(verdict);
  }

  /** A worker that crashed or overran: its messages count as unchecked, and a fresh worker takes its place on demand. */
  private replace(worker: Worker, reason: string) {
    const index = this.workers.indexOf(worker);
    if (index >= 0) this.workers.splice(index, 1);
    for (const job of [...this.jobs.values()].filter((candidate) => candidate.worker === worker)) {
      this.settle(job.id, { status: 'unverified', reason: `${reason}; the sender could not be checked`, dmarcPolicy: null });
    }
    void worker.terminate();
  }
}
