import { Module } from '@nestjs/common';
import { ContactsModule } from './contacts.module.js';
import { JournalistBatchRepository } from './journalist-batch.repository.js';
import { JournalistBatchService } from './journalist-batch.service.js';

/** The contacts side of the intake's batch writes (its own module, so contacts.module.ts stays as it is). */
@Module({ imports: [ContactsModule], providers: [JournalistBatchRepository, JournalistBatchService], exports: [JournalistBatchService] })
export class JournalistBatchModule {}
