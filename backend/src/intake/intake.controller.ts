import { Controller, Get, HttpCode, NotFoundException, Param, Post, Query, Req, Res, UnsupportedMediaTypeException } from '@nestjs/common';
import type { IntakeHealthDto, IntakeMessageDto, IntakeResultDto, Page } from '@newsdesk/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UuidParam } from '../common/dto/uuid.param.js';
import { Public } from '../auth/public.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { CurrentUser, type RequestUser } from '../common/request-user.js';
import { AppConfig } from '../config/app-config.js';
import { ListIntakeMessagesQuery } from './dto/list-intake-messages.query.js';
import { IntakeLogService } from './intake-log.service.js';
import { WebhookSignatureService } from './webhook-signature.service.js';

@Controller('intake')
export class IntakeController {
  constructor(
    private readonly log: IntakeLogService,
    private readonly webhooks: WebhookSignatureService,
    private readonly config: AppConfig,
  ) {}

  /**
   * The webhook door: the raw MIME message as the body (message/rfc822 or application/octet-stream),
   * with `X-Newsdesk-Timestamp: <Unix seconds>` and `X-Newsdesk-Signature: sha256=<hex HMAC-SHA256 of
   * "<timestamp>.<body>" with INTAKE_WEBHOOK_SECRET>`; a replayed signature gets 409.
   * 202 only after the raw message is committed.
   */
  @Public()
  @Post('raw')
  @HttpCode(202)
  async webhook(@Req() request: FastifyRequest): Promise<{ rawId: string }> {
    const secret = this.config.INTAKE_WEBHOOK_SECRET;
    if (!secret) throw new NotFoundException('The webhook door is not enabled: set INTAKE_WEBHOOK_SECRET');
    if (!Buffer.isBuffer(request.body)) {
      throw new UnsupportedMediaTypeException('Send the raw message as message/rfc822 or application/octet-stream');
    }
    const rawId = await this.webhooks.receive(secret, request.headers, request.body, request.ip);
    return { rawId };
  }

  @Roles('admin', 'manager')
  @Get('messages')
  list(@Query() query: ListIntakeMessagesQuery): Promise<Page<IntakeMessageDto>> {
    return this.log.list(query);
  }

  @Roles('admin', 'manager')
  @Get('health')
  health(): Promise<IntakeHealthDto> {
    return this.log.health();
  }

  @Roles('admin', 'manager')
  @Get('messages/:id')
  get(@Param() { id }: UuidParam): Promise<IntakeMessageDto> {
    return this.log.get(id);
  }

  /** The exact bytes as received, as a download. */
  @Roles('admin')
  @Get('messages/:id/raw')
  async raw(@Param() { id }: UuidParam, @Res() reply: FastifyReply): Promise<void> {
    const bytes = await this.log.raw(id);
    await reply
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', `attachment; filename="${id}.eml"`)
      .header('x-content-type-options', 'nosniff')
      .send(bytes);
  }

  @Roles('admin')
  @Post('messages/:id/reprocess')
  @HttpCode(200)
  reprocess(@Param() { id }: UuidParam, @CurrentUser() user: RequestUser): Promise<IntakeResultDto> {
    return this.log.reprocess(id, user);
  }
}
