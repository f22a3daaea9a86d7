import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { ADVISORY_LOCK_NAMESPACES } from '../database/advisory-locks.js';
import { sqlRows } from '../database/sql.js';

export interface ImapFolderStateRow {
  mailbox: string;
  folder: string;
  last_uid: string;
  last_error: string | null;
  last_success_at: Date | null;
}

interface FolderPositionRow {
  uid_validity: string | null;
  last_uid: string;
}

/**
 * imap_folder_state: how far each mailbox folder has been read. The watcher's statements run on its own
 * connection, the one holding the mailbox's advisory lock (so a replica that lost the lock cannot write).
 */
@Injectable()
export class ImapFolderStateRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  statesOf(mailboxes: string[]): Promise<ImapFolderStateRow[]> {
    return sqlRows<ImapFolderStateRow>(
      this.dataSource,
      `SELECT mailbox, folder, last_uid, last_error, last_success_at FROM imap_folder_state WHERE mailbox = ANY($1::text[])`,
      [mailboxes],
    );
  }
}

/** The watcher's statements, on its lock connection. */
export const imapFolderState = {
  /** The mailbox's session try-lock on the watcher's own connection: one replica watches one mailbox. */
  async tryLockMailbox(lock: pg.Client, mailbox: string): Promise<boolean> {
    const { rows } = await lock.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [ADVISORY_LOCK_NAMESPACES.imapMailbox, mailbox]);
    return rows[0]?.locked ?? false;
  },

  /** The folder's position, its row created on first sight. */
  async position(lock: pg.Client, mailbox: string, folder: string, uidValidity: string): Promise<FolderPositionRow> {
    await lock.query(
      `INSERT INTO imap_folder_state (mailbox, folder, uid_validity, last_uid) VALUES ($1, $2, $3, 0) ON CONFLICT (mailbox, folder) DO NOTHING`,
      [mailbox, folder, uidValidity],
    );
    const { rows } = await lock.query<FolderPositionRow>(`SELECT uid_validity, last_uid FROM imap_folder_state WHERE mailbox = $1 AND folder = $2`, [mailbox, folder]);
    return rows[0];
  },

  /** A new UIDVALIDITY: the folder is read from the start. */
  async restart(lock: pg.Client, mailbox: string, folder: string, uidValidity: string): Promise<void> {
    await lock.query(`UPDATE imap_folder_state SET uid_validity = $3, last_uid = 0, updated_at = now() WHERE mailbox = $1 AND folder = $2`, [mailbox, folder, uidValidity]);
  },

  async advance(lock: pg.Client, mailbox: string, folder: string, uid: number): Promise<void> {
    await lock.query(`UPDATE imap_folder_state SET last_uid = GREATEST(last_uid, $3), updated_at = now() WHERE mailbox = $1 AND folder = $2`, [mailbox, folder, uid]);
  },

  async succeeded(lock: pg.Client, mailbox: string, folder: string): Promise<void> {
    await lock.query(`UPDATE imap_folder_state SET last_error = NULL, last_success_at = now(), updated_at = now() WHERE mailbox = $1 AND folder = $2`, [mailbox, folder]);
  },

  async failed(lock: pg.Client, mailbox: string, folder: string, error: string): Promise<void> {
    await lock.query(
      `INSERT INTO imap_folder_state (mailbox, folder, last_error) VALUES ($1, $2, $3)
       ON CONFLICT (mailbox, folder) DO UPDATE SET last_error = EXCLUDED.last_error, updated_at = now()`,
      [mailbox, folder, error],
    );
  },
};
