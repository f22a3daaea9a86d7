import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlExec } from '../database/sql.js';
import { valuesList } from '../database/values-list.js';

/** An attachment's metadata; its bytes are stored under `sha256` (content-addressed). */
export interface AttachmentRow {
  id: string;
  messageId: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  inline: boolean;
  contentId: string | null;
}

/** Attachment metadata written by the intake's persist stage. */
@Injectable()
export class AttachmentBatchRepository {
  async insertMany(tx: EntityManager, attachments: AttachmentRow[]): Promise<void> {
    if (!attachments.length) return;
    const { text, params } = valuesList(
      attachments.map((a) => [a.id, a.messageId, a.filename, a.contentType, a.size, a.sha256, a.sha256, a.inline, a.contentId]),
      ['uuid', 'uuid', 'text', 'text', 'int', 'text', 'text', 'boolean', 'text'],
    );
    await sqlExec(tx, `INSERT INTO attachments (id, message_id, filename, content_type, size, sha256, storage_key, inline, content_id) VALUES ${text}`, params);
  }
}
