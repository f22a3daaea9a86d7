import { Module } from '@nestjs/common';
import { AcknowledgementsRepository } from './acknowledgements.repository.js';
import { AcknowledgementsService } from './acknowledgements.service.js';
import { BouncesRepository } from './bounces.repository.js';
import { BouncesService } from './bounces.service.js';

/** What outbound does when mail arrives: acknowledge an inquiry, fail a mail that bounced (its own module: intake imports it without the rest of outbound). */
@Module({
  providers: [AcknowledgementsRepository, AcknowledgementsService, BouncesRepository, BouncesService],
  exports: [AcknowledgementsService, BouncesService],
})
export class OutboundIntakeModule {}
