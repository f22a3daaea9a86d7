import { Module } from '@nestjs/common';
import { AttachmentStorage } from './attachment-storage.js';
import { AttachmentsController } from './attachments.controller.js';
import { AttachmentsService } from './attachments.service.js';
import { PostgresAttachmentStorage } from './postgres-attachment.storage.js';

@Module({
  controllers: [AttachmentsController],
  providers: [AttachmentsService, { provide: AttachmentStorage, useClass: PostgresAttachmentStorage }],
  exports: [AttachmentStorage, AttachmentsService],
})
export class AttachmentsModule {}
