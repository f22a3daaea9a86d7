import { Module } from '@nestjs/common';
import { IntakeModule } from '../intake/intake.module.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { PublicInquiriesController } from './public-inquiries.controller.js';
import { PublicInquiriesService } from './public-inquiries.service.js';
import { WebFormSubmissionsRepository } from './web-form-submissions.repository.js';
import { WebFormThrottleService } from './web-form-throttle.service.js';

/** The public web form: the one intake door journalists reach through a browser. */
@Module({
  imports: [IntakeModule, TicketsModule],
  controllers: [PublicInquiriesController],
  providers: [PublicInquiriesService, WebFormThrottleService, WebFormSubmissionsRepository],
  exports: [WebFormThrottleService],
})
export class PublicInquiriesModule {}
