import { Injectable } from '@nestjs/common';
import { AttachmentBlobsRepository } from './attachment-blobs.repository.js';
import { AttachmentStorage } from './attachment-storage.js';

/** Attachment bytes in the `attachment_blobs` table (bytea, TOAST-compressed by PostgreSQL). */
@Injectable()
export class PostgresAttachmentStorage extends AttachmentStorage {
  constructor(private readonly blobs: AttachmentBlobsRepository) {
    super();
  }

  put(key: string, data: Buffer): Promise<void> {
    return this.blobs.insertIfAbsent(key, data);
  }

  async get(key: string): Promise<Buffer | null> {
    const blob = await this.blobs.findByKey(key);
    return blob?.data ?? null;
  }

  delete(key: string): Promise<void> {
    return this.blobs.delete(key);
  }
}
