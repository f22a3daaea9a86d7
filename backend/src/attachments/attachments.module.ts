import { Module } from '@nestjs/common';
import { AttachmentBlobsRepository } from './attachment-blobs.repository.js';
import { AttachmentStorage } from './attachment-storage.js';
import { AttachmentsController } from './attachments.controller.js';
import { AttachmentsRepository } from './attachments.repository.js';
import { AttachmentsService } from './attachments.service.js';
import { PostgresAttachmentStorage } from './postgres-attachment.storage.js';

@Module({
  controllers: [AttachmentsController],
  providers: [AttachmentsService, AttachmentsRepository, AttachmentBlobsRepository, { provide: AttachmentStorage, useClass: PostgresAttachmentStorage }],
  exports: [AttachmentStorage, AttachmentsService],
})
export class AttachmentsModule {}
