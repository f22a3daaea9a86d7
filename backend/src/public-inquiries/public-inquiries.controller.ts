import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import type { PublicInquiryFormDto, PublicInquiryReceiptDto } from '@newsdesk/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/public.decorator.js';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { CreatePublicInquiryDto } from './dto/create-public-inquiry.dto.js';
import { readInquirySubmission } from './inquiry-submission.js';
import { PublicInquiriesService } from './public-inquiries.service.js';

@Controller('public/inquiries')
export class PublicInquiriesController {
  constructor(
    private readonly inquiries: PublicInquiriesService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** A signed form token and the attachment limits; the form page asks for it when it opens. */
  @Public()
  @Get('token')
  form(): PublicInquiryFormDto {
    return this.inquiries.form();
  }

  /**
   * An inquiry from the public web form: multipart/form-data (files in `attachments`) or JSON without files.
   * 201 with the ticket's reference; 202 without one when the message was stored but made no ticket.
   */
  @Public()
  @Post()
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({ type: CreatePublicInquiryDto })
  async create(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<PublicInquiryReceiptDto> {
    const submission = await readInquirySubmission(request, this.config, this.clock.now());
    const receipt = await this.inquiries.submit(submission, request.ip);
    void reply.status(receipt.reference ? 201 : 202);
    return receipt;
  }
}
