import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AttachmentBatchRepository, type AttachmentRow } from './attachment-batch.repository.js';
import { AttachmentStorage } from './attachment-storage.js';

/** Attachments of inbound messages: bytes into the storage, metadata in one statement of the caller's transaction. */
@Injectable()
export class AttachmentBatchService {
  constructor(
    private readonly repository: AttachmentBatchRepository,
    private readonly storage: AttachmentStorage,
  ) {}

  async storeMany(tx: EntityManager, attachments: (AttachmentRow & { content: Buffer })[]): Promise<void> {
    if (!attachments.length) return;
    const blobs = new Map(attachments.map((attachment) => [attachment.sha256, attachment.content]));
    // Content-addressed, so storing bytes another message already stored is a no-op (and safe to run side by side).
    await Promise.all([...blobs].map(([key, content]) => this.storage.put(key, content)));
    await this.repository.insertMany(
      tx,
      attachments.map(({ content: _content, ...row }) => row),
    );
  }
}
