import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { DELIVERY_STATUSES, OUTBOUND_KINDS, type DeliveryStatus, type OutboundKind, type OutboxPageDto } from '@newsdesk/shared';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { UuidParam } from '../common/dto/uuid.param.js';
import { Roles } from '../auth/roles.decorator.js';
import { PageQuery } from '../common/dto/page.query.js';
import { CurrentUser, type RequestUser } from '../common/request-user.js';
import { OutboxService } from './outbox.service.js';
import { OutboxWorker } from './outbox.worker.js';

class ListOutboxQuery extends PageQuery {
  @IsOptional()
  @IsIn(DELIVERY_STATUSES, { message: `status must be one of: ${DELIVERY_STATUSES.join(', ')}` })
  status?: DeliveryStatus;

  @IsOptional()
  @IsIn(OUTBOUND_KINDS, { message: `kind must be one of: ${OUTBOUND_KINDS.join(', ')}` })
  kind?: OutboundKind;
}

class SendTestDto {
  @IsString()
  @MaxLength(254)
  to: string;
}

@Roles('admin', 'manager')
@Controller('outbox')
export class OutboxController {
  constructor(
    private readonly outbox: OutboxService,
    private readonly worker: OutboxWorker,
  ) {}

  @Get()
  async list(@Query() query: ListOutboxQuery): Promise<OutboxPageDto> {
    return { ...(await this.outbox.list(query)), mode: this.worker.mode };
  }

  @Get(':id/eml')
  async eml(@Param() { id }: UuidParam, @CurrentUser() user: RequestUser, @Res() reply: FastifyReply): Promise<void> {
    const bytes = await this.outbox.eml(id, user);
    await reply
      .header('content-type', 'message/rfc822')
      .header('content-disposition', `attachment; filename="${id}.eml"`)
      .header('x-content-type-options', 'nosniff')
      .send(bytes);
  }

  @Roles('admin')
  @Post('test')
  sendTest(@Body() body: SendTestDto, @CurrentUser() user: RequestUser): Promise<{ id: string }> {
    return this.outbox.sendTest(body.to, user);
  }
}
