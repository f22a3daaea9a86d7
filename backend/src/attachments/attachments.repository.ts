import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { sqlRows } from '../database/sql.js';
import { Attachment } from './attachment.entity.js';

/** Attachment metadata (the bytes are in attachment_blobs, behind AttachmentStorage). */
@Injectable()
export class AttachmentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findById(id: string): Promise<Attachment | null> {
    return this.dataSource.getRepository(Attachment).findOneBy({ id });
  }

  /** The attachments of some messages, oldest first. */
  forMessages(messageIds: string[]): Promise<Attachment[]> {
    return this.dataSource.getRepository(Attachment).find({ where: { messageId: In(messageIds) }, order: { createdAt: 'ASC' } });
  }

  async insert(tx: EntityManager, fields: Partial<Attachment>): Promise<void> {
    await tx.getRepository(Attachment).insert(fields);
  }

  /** Deletes the attachments of these messages; answers their storage keys. */
  async deleteForMessages(tx: EntityManager, messageIds: string[]): Promise<string[]> {
    const rows = await sqlRows<{ storage_key: string }>(tx, `DELETE FROM attachments WHERE message_id = ANY($1::uuid[]) RETURNING storage_key`, [messageIds]);
    return rows.map((row) => row.storage_key);
  }
}
