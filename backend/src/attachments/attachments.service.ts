import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isUuid } from '../common/ids.js';
import { AttachmentStorage } from './attachment-storage.js';
import { Attachment } from './attachment.entity.js';

export interface AttachmentDownload {
  attachment: Attachment;
  data: Buffer;
}

@Injectable()
export class AttachmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: AttachmentStorage,
  ) {}

  /** Staff may download any attachment of any ticket they can see (today: all tickets). */
  async download(id: string): Promise<AttachmentDownload> {
    const attachment = isUuid(id) ? await this.dataSource.getRepository(Attachment).findOneBy({ id }) : null;
    const data = attachment ? await this.storage.get(attachment.storageKey) : null;
    if (!attachment || !data) throw new NotFoundException('Attachment not found');
    return { attachment, data };
  }
}
