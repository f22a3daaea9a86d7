import { Module } from '@nestjs/common';
import { AttachmentBatchRepository } from './attachment-batch.repository.js';
import { AttachmentBatchService } from './attachment-batch.service.js';
import { AttachmentsModule } from './attachments.module.js';

/** The attachments side of the intake's batch writes. */
@Module({ imports: [AttachmentsModule], providers: [AttachmentBatchRepository, AttachmentBatchService], exports: [AttachmentBatchService] })
export class AttachmentBatchModule {}
