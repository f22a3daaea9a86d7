import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AttachmentBlob } from './attachment-blob.entity.js';
import { AttachmentStorage } from './attachment-storage.js';

/** Attachment bytes in the `attachment_blobs` table (bytea, TOAST-compressed by PostgreSQL). */
@Injectable()
export class PostgresAttachmentStorage extends AttachmentStorage {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async put(key: string, data: Buffer): Promise<void> {
    // Keys are content hashes, so storing the same bytes twice is a no-op.
    await this.dataSource.query('INSERT INTO attachment_blobs (key, data) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, data]);
  }

  async get(key: string): Promise<Buffer | null> {
    const blob = await this.dataSource.getRepository(AttachmentBlob).findOneBy({ key });
    return blob?.data ?? null;
  }

  async delete(key: string): Promise<void> {
    await this.dataSource.getRepository(AttachmentBlob).delete({ key });
  }
}
