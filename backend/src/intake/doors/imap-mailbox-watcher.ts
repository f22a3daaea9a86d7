import type { Logger } from '@nestjs/common';
import { ImapFlow } from 'imapflow';
import pg from 'pg';
import { imapFolderState } from '../imap-folder-state.repository.js';
import type { RawInput } from '../raw-store.js';
import type { ImapMailboxConfig } from './imap-mailbox-url.js';

/** Keyword set on every message whose raw bytes are committed; a re-scan skips messages carrying it. */
export const PROCESSED_KEYWORD = '$Newsdesk';

const BACKOFF_START_MS = 1_000;
const BACKOFF_MAX_MS = 5 * 60_000;
// Servers drop an IDLE after 30 minutes (RFC 2177): re-issue it well before.
const MAX_IDLE_MS = 25 * 60_000;

export interface ImapMailboxStatus {
  name: string;
  folder: string;
  /** This replica holds the mailbox's lock and is connected to it. */
  connected: boolean;
  /** This replica holds the mailbox's lock (exactly one replica does). */
  owned: boolean;
  lastError: string | null;
  lastSuccessAt: string | null;
  lastUid: number | null;
}

export interface ImapMailboxWatcherOptions {
  mailbox: ImapMailboxConfig;
  databaseUrl: string;
  pollMs: number;
  maxMessageBytes: number;
  accept(input: RawInput): Promise<string>;
  logger: Logger;
}

class LockLost extends Error {}

/** Folder names in the URL use `/` for hierarchy, as RFC 5092 does; imapflow joins the parts with the server's own delimiter. */
const folderPath = (folder: string): string[] => folder.split('/');

/** imapflow says "Command failed"; the server's words say why. Never the command line itself: LOGIN carries the password. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { command, responseStatus, responseText, serverResponseCode, code } = error as Error & Record<string, string | undefined>;
  if (responseText) return `${command ?? 'command'} refused (${[responseStatus, serverResponseCode].filter(Boolean).join(' ')}): ${responseText}`;
  return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
}

/**
 * Watches one IMAP folder for one replica: holds a PostgreSQL session advisory lock for as long
 * as it owns the mailbox, then per message commits the raw bytes, records the UID, and only
 * then flags (or moves) it. Reconnects with exponential backoff.
 */
export class ImapMailboxWatcher {
  private stopped = true;
  private loop: Promise<void> | null = null;
  private lock: pg.Client | null = null;
  private imap: ImapFlow | null = null;
  private wake: (() => void) | null = null;
  private kicked = false;
  private failures = 0;
  private connected = false;
  private lastError: string | null = null;

  constructor(private readonly options: ImapMailboxWatcherOptions) {}

  get name() {
    return this.options.mailbox.name;
  }

  start() {
    if (this.loop) return;
    this.stopped = false;
    this.loop = this.run().finally(() => {
      this.loop = null;
    });
  }

  /** Lets the message in hand finish (commit, record, flag), then logs out and releases the lock. */
  async stop(graceMs = 10_000) {
    this.stopped = true;
    this.wakeUp();
    const loop = this.loop;
    if (!loop) return;
    const timer = setTimeout(() => this.imap?.close(), graceMs);
    await loop;
    clearTimeout(timer);
  }

  /** This replica's view; the door merges it with the shared folder state. */
  local(): Pick<ImapMailboxStatus, 'connected' | 'owned' | 'lastError'> {
    return { connected: this.connected, owned: this.lock !== null, lastError: this.lastError };
  }

  private async run() {
    while (!this.stopped) {
      let owned = false;
      try {
        owned = await this.acquire();
        if (!owned) {
          await this.sleep(this.options.pollMs);
          continue;
        }
        await this.session();
      } catch (error) {
        if (this.stopped) break;
        // Losing the lock connection closes the IMAP session too: report the cause, not the symptom.
        const lockLost = error instanceof LockLost || (owned && !this.lock);
        const message = lockLost ? 'lost the database connection holding the mailbox lock; taking it again' : describeError(error);
        this.failures++;
        this.lastError = message.slice(0, 2000);
        this.options.logger.warn(`IMAP ${this.name} (${this.describe()}): ${message}`);
        await this.recordError(this.lastError);
        await this.sleep(this.backoff());
      }
    }
    await this.release();
  }

  private backoff() {
    return Math.min(BACKOFF_START_MS * 2 ** Math.max(this.failures - 1, 0), BACKOFF_MAX_MS);
  }

  private describe() {
    const { user, host, port, folder } = this.options.mailbox;
    return `${user}@${host}:${port}/${folder}`;
  }

  /** Takes the mailbox's advisory lock on a connection of its own; false while another replica holds it. */
  private async acquire(): Promise<boolean> {
    if (this.lock) return true;
    const client = new pg.Client({ connectionString: this.options.databaseUrl, keepAlive: true, connectionTimeoutMillis: 10_000, query_timeout: 30_000 });
    client.on('error', () => this.loseLock(client));
    client.on('end', () => this.loseLock(client));
    try {
      await client.connect();
      const locked = await imapFolderState.tryLockMailbox(client, this.name);
      this.lastError = null;
      if (locked) {
        this.lock = client;
        this.options.logger.log(`IMAP ${this.name}: this replica now watches ${this.describe()}`);
        return true;
      }
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    await client.end().catch(() => undefined);
    return false;
  }

  private loseLock(client: pg.Client) {
    if (this.lock !== client) return;
    this.lock = null;
    // Another replica may take the mailbox over now: stop touching it at once.
    this.imap?.close();
    this.wakeUp();
  }

  private async release() {
    const lock = this.lock;
    this.lock = null;
    await lock?.end().catch(() => undefined);
  }

  private lockClient(): pg.Client {
    if (!this.lock) throw new LockLost();
    return this.lock;
  }

  /** One IMAP connection: select the folder, then pass after pass until stopped or broken. */
  private async session() {
    const { mailbox, pollMs } = this.options;
    const imap = new ImapFlow({
      host: mailbox.host,
      port: mailbox.port,
      secure: mailbox.secure,
      auth: { user: mailbox.user, pass: mailbox.password },
      tls: { rejectUnauthorized: !mailbox.allowSelfSigned },
      logger: false,
      disableAutoIdle: true,
      maxIdleTime: Math.min(pollMs, MAX_IDLE_MS),
      clientInfo: { name: 'Newsdesk' },
    });
    imap.on('error', (error: Error) => {
      this.lastError = describeError(error);
    });
    imap.on('exists', () => this.kick());
    imap.on('close', () => this.wakeUp());
    this.imap = imap;
    try {
      await imap.connect();
      if (mailbox.processedFolder) await imap.mailboxCreate(folderPath(mailbox.processedFolder));
      let first = true;
      let reselect = true;
      while (!this.stopped) {
        if (!imap.usable) throw new Error('the IMAP server closed the connection');
        // On every poll: a folder deleted and recreated under an open session goes unnoticed until it is selected again.
        if (reselect) await imap.mailboxOpen(folderPath(mailbox.folder));
        this.connected = true;
        this.kicked = false;
        await this.pass(imap, { finishMarking: first });
        first = false;
        this.failures = 0;
        if (this.kicked || this.stopped) {
          reselect = false;
          continue;
        }
        // IDLE (or imapflow's NOOP polling where the server has no IDLE) until new mail, the poll timer, or stop;
        // the next command breaks it.
        void imap.idle().catch(() => undefined);
        reselect = await this.sleep(pollMs);
      }
      await imap.logout().catch(() => undefined);
    } finally {
      this.connected = false;
      this.imap = null;
      imap.close();
    }
  }

  /** Runs a pass now (new mail announced), or right after the current one. */
  private kick() {
    this.kicked = true;
    this.wakeUp();
  }

  private wakeUp() {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** Resolves true when the time ran out, false when woken early. */
  private sleep(ms: number): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(true), ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve(false);
      };
    });
  }

  /**
   * Commits every new message in UID order. A message is flagged only after its bytes and its UID
   * are committed; a failed commit stops the pass, leaving it (and all after it) for the next one.
   */
  private async pass(imap: ImapFlow, options: { finishMarking: boolean }) {
    const { mailbox, maxMessageBytes } = this.options;
    const selected = imap.mailbox;
    if (!selected) throw new Error(`${mailbox.folder} is no longer selected`);
    const uidValidity = BigInt(selected.uidValidity);
    const keywords = selected.permanentFlags?.has('\\*') || selected.permanentFlags?.has(PROCESSED_KEYWORD) || false;
    let lastUid = await this.folderState(uidValidity);

    // Committed before a crash or a failed flag: finish what the last session could not.
    if (options.finishMarking && lastUid > 0) {
      const unmarked = await imap.search(
        mailbox.processedFolder ? { uid: `1:${lastUid}` } : keywords ? { uid: `1:${lastUid}`, unKeyword: PROCESSED_KEYWORD } : { uid: `1:${lastUid}`, seen: false },
        { uid: true },
      );
      if (!Array.isArray(unmarked)) throw new Error(`could not search ${mailbox.folder} for committed messages`);
      if (unmarked.length) await this.markProcessed(imap, unmarked, keywords);
    }

    // `n:*` also matches the highest UID when there is nothing above n-1: filter.
    const candidates = (await imap.fetchAll(`${lastUid + 1}:*`, { uid: true, flags: true, size: true }, { uid: true }))
      .filter((message) => message.uid > lastUid && !message.flags?.has(PROCESSED_KEYWORD))
      .sort((a, b) => a.uid - b.uid);
    for (const candidate of candidates) {
      if (this.stopped) return;
      // A mail over the limit is stored cut just past it, so the pipeline quarantines it visibly; the original stays on the server.
      const source = (candidate.size ?? 0) > maxMessageBytes ? { start: 0, maxLength: maxMessageBytes + 1 } : true;
      const message = await imap.fetchOne(String(candidate.uid), { uid: true, source }, { uid: true });
      if (message && message.source) {
        await this.options.accept({
          bytes: message.source,
          door: 'imap',
          envelopeFrom: null,
          envelopeTo: [],
          source: `imap://${encodeURIComponent(mailbox.user)}@${mailbox.host}:${mailbox.port}/${folderPath(mailbox.folder).map(encodeURIComponent).join('/')};UIDVALIDITY=${uidValidity}/;UID=${candidate.uid}`,
        });
      }
      await imapFolderState.advance(this.lockClient(), mailbox.name, mailbox.folder, candidate.uid);
      lastUid = candidate.uid;
      if (message && message.source) await this.markProcessed(imap, [candidate.uid], keywords);
    }
    this.lastError = null;
    await imapFolderState.succeeded(this.lockClient(), mailbox.name, mailbox.folder);
  }

  /** Reads (creating it on first sight) the folder's state; a new UIDVALIDITY starts the folder over. */
  private async folderState(uidValidity: bigint): Promise<number> {
    const { name, folder } = this.options.mailbox;
    const lock = this.lockClient();
    const state = await imapFolderState.position(lock, name, folder, uidValidity.toString());
    if (state.uid_validity === uidValidity.toString()) return Number(state.last_uid);
    // UIDs of the old folder mean nothing now: re-scan; Message-ID deduplication keeps tickets single.
    if (state.uid_validity !== null) this.options.logger.warn(`IMAP ${name}: UIDVALIDITY of ${folder} changed from ${state.uid_validity} to ${uidValidity}; re-scanning the folder`);
    await imapFolderState.restart(lock, name, folder, uidValidity.toString());
    return 0;
  }

  /** Flags committed messages \Seen (+ $Newsdesk where keywords are allowed) and moves them to `processed=` when set. Never deletes. */
  async markProcessed(imap: ImapFlow, uids: number[], keywords: boolean) {
    const range = uids.join(',');
    const flagged = await imap.messageFlagsAdd(range, keywords ? ['\\Seen', PROCESSED_KEYWORD] : ['\\Seen'], { uid: true });
    if (!flagged) throw new Error(`could not flag UID ${range} as processed`);
    const processed = this.options.mailbox.processedFolder;
    if (processed && !(await imap.messageMove(range, folderPath(processed), { uid: true }))) {
      throw new Error(`could not move UID ${range} to ${processed}`);
    }
  }

  private async recordError(message: string) {
    const { name, folder } = this.options.mailbox;
    if (this.lock) await imapFolderState.failed(this.lock, name, folder, message).catch(() => undefined);
  }
}
