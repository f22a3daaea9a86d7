import { Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isUuid } from '../common/ids.js';
import { AttachmentBlobsRepository } from './attachment-blobs.repository.js';
import { AttachmentStorage } from './attachment-storage.js';
import type { Attachment } from './attachment.entity.js';
import { AttachmentsRepository } from './attachments.repository.js';

export interface AttachmentDownload {
  attachment: Attachment;
  data: Buffer;
}

@Injectable()
export class AttachmentsService {
  constructor(
    private readonly attachments: AttachmentsRepository,
    private readonly blobs: AttachmentBlobsRepository,
    private readonly storage: AttachmentStorage,
  ) {}

  /** Staff may download any attachment of any ticket they can see (today: all tickets). */
  async download(id: string): Promise<AttachmentDownload> {
    const attachment = isUuid(id) ? await this.attachments.findById(id) : null;
    const data = attachment ? await this.storage.get(attachment.storageKey) : null;
    if (!attachment || !data) throw new NotFoundException('Attachment not found');
    return { attachment, data };
  }

  /** The attachments of some messages, oldest first (none asked, none read). */
  forMessages(messageIds: string[]): Promise<Attachment[]> {
    return messageIds.length ? this.attachments.forMessages(messageIds) : Promise.resolve([]);
  }

  /** Records an attachment's metadata in the caller's transaction (its bytes are stored first). */
  add(tx: EntityManager, fields: Partial<Attachment>): Promise<void> {
    return this.attachments.insert(tx, fields);
  }

  /** Erasure: the messages' attachments go, and their bytes unless other attachments or uploads share them; answers how many. */
  async eraseForMessages(tx: EntityManager, messageIds: string[]): Promise<number> {
    const keys = await this.attachments.deleteForMessages(tx, messageIds);
    await this.blobs.deleteUnused(tx, keys);
    return keys.length;
  }
}
