import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { sqlExec } from '../database/sql.js';
import { AttachmentBlob } from './attachment-blob.entity.js';

/** Attachment bytes by content key (bytea, TOAST-compressed by PostgreSQL). */
@Injectable()
export class AttachmentBlobsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Keys are content hashes, so storing the same bytes twice is a no-op. */
  async insertIfAbsent(key: string, data: Buffer): Promise<void> {
    await sqlExec(this.dataSource, 'INSERT INTO attachment_blobs (key, data) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, data]);
  }

  findByKey(key: string): Promise<AttachmentBlob | null> {
    return this.dataSource.getRepository(AttachmentBlob).findOneBy({ key });
  }

  async delete(key: string): Promise<void> {
    await this.dataSource.getRepository(AttachmentBlob).delete({ key });
  }

  /** Deletes the blobs under these keys that no attachment and no pending upload still uses (content keys are shared). */
  async deleteUnused(tx: EntityManager, keys: string[]): Promise<void> {
    await sqlExec(
      tx,
      `DELETE FROM attachment_blobs b WHERE b.key = ANY($1::text[])
         AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.storage_key = b.key)
         AND NOT EXISTS (SELECT 1 FROM uploads_view u WHERE u.sha256 = b.key)`,
      [keys],
    );
  }
}
