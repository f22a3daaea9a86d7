import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { DATABASE_URL } from '../../config/config.module.js';
import { ImapFolderStateRepository } from '../imap-folder-state.repository.js';
import { IntakeService } from '../intake.service.js';
import { ImapMailboxWatcher, type ImapMailboxStatus } from './imap-mailbox-watcher.js';

/**
 * The IMAP door: watches every IMAP_MAILBOXES folder (IDLE, with polling as the safety net) and
 * hands each new message to the intake pipeline. A message is flagged \Seen + $Newsdesk, or moved
 * to its `processed=` folder, only after its raw bytes are committed; nothing is ever deleted.
 * With several replicas exactly one watches each mailbox (a PostgreSQL advisory lock).
 */
@Injectable()
export class ImapDoor implements OnModuleDestroy {
  private readonly logger = new Logger('ImapDoor');
  private watchers: ImapMailboxWatcher[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly intake: IntakeService,
    private readonly folderStates: ImapFolderStateRepository,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
  ) {}

  /** Starts watching in the background; connection problems are retried, never thrown. */
  start(): void {
    if (this.watchers.length) return;
    this.watchers = this.config.imapMailboxes.map(
      (mailbox) =>
        new ImapMailboxWatcher({
          mailbox,
          databaseUrl: this.databaseUrl,
          pollMs: this.config.IMAP_POLL_SECONDS * 1000,
          maxMessageBytes: this.config.INTAKE_MAX_MESSAGE_BYTES,
          accept: (input) => this.intake.accept(input),
          logger: this.logger,
        }),
    );
    for (const watcher of this.watchers) watcher.start();
    if (this.watchers.length) this.logger.log(`IMAP intake watching ${this.watchers.map((watcher) => watcher.name).join(', ')}`);
  }

  async stop(): Promise<void> {
    const watchers = this.watchers;
    this.watchers = [];
    await Promise.all(watchers.map((watcher) => watcher.stop()));
  }

  /** Per mailbox: this replica's connection, and the shared folder state whichever replica wrote it. */
  async status(): Promise<ImapMailboxStatus[]> {
    const mailboxes = this.config.imapMailboxes;
    if (!mailboxes.length) return [];
    const rows = await this.folderStates.statesOf(mailboxes.map((mailbox) => mailbox.name));
    return mailboxes.map((mailbox) => {
      const state = rows.find((row) => row.mailbox === mailbox.name && row.folder === mailbox.folder);
      const local = this.watchers.find((watcher) => watcher.name === mailbox.name)?.local();
      return {
        name: mailbox.name,
        folder: mailbox.folder,
        connected: local?.connected ?? false,
        owned: local?.owned ?? false,
        lastError: local?.lastError ?? state?.last_error ?? null,
        lastSuccessAt: state?.last_success_at?.toISOString() ?? null,
        lastUid: state ? Number(state.last_uid) : null,
      };
    });
  }

  async onModuleDestroy() {
    await this.stop();
  }
}
