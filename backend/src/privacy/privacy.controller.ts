import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { UuidParam } from '../common/dto/uuid.param.js';
import { Roles } from '../auth/roles.decorator.js';
import { CurrentUser, type RequestUser } from '../common/request-user.js';
import { PrivacyService, type ErasureSummary } from './privacy.service.js';

class EraseDto {
  /** The journalist's email address, repeated, so an erasure is never a slip. */
  @IsOptional()
  @IsString()
  @MaxLength(254)
  confirm?: string;
}

/** Data-subject requests: export and erasure of one journalist's personal data (admins, audited). */
@Roles('admin')
@Controller('journalists/:id')
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  @Get('export')
  async export(@Param() { id }: UuidParam, @CurrentUser() user: RequestUser, @Res({ passthrough: true }) reply: FastifyReply): Promise<Record<string, unknown>> {
    const data = await this.privacy.export(id, user);
    void reply.header('content-disposition', `attachment; filename="journalist-${id}.json"`);
    return data;
  }

  @Post('erase')
  @HttpCode(200)
  erase(@Param() { id }: UuidParam, @Body() body: EraseDto, @CurrentUser() user: RequestUser): Promise<ErasureSummary> {
    return this.privacy.erase(id, body.confirm, user);
  }
}
