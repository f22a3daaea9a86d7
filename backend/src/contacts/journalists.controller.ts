import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { JournalistDetailDto, JournalistSummaryDto, Page } from '@newsdesk/shared';
import { UuidParam } from '../common/dto/uuid.param.js';
import { Roles } from '../auth/roles.decorator.js';
import { CurrentUser, type RequestUser } from '../common/request-user.js';
import { ListJournalistsQuery } from './dto/list-journalists.query.js';
import { MergeContactDto } from './dto/merge-contact.dto.js';
import { UpdateJournalistDto } from './dto/update-journalist.dto.js';
import { JournalistsService } from './journalists.service.js';

@Controller('journalists')
export class JournalistsController {
  constructor(private readonly journalists: JournalistsService) {}

  @Get()
  list(@Query() query: ListJournalistsQuery, @CurrentUser() user: RequestUser): Promise<Page<JournalistSummaryDto>> {
    return this.journalists.list(query, user);
  }

  @Get(':id')
  get(@Param() { id }: UuidParam, @CurrentUser() user: RequestUser): Promise<JournalistDetailDto> {
    return this.journalists.get(id, user);
  }

  @Patch(':id')
  update(@Param() { id }: UuidParam, @Body() body: UpdateJournalistDto, @CurrentUser() user: RequestUser): Promise<JournalistDetailDto> {
    return this.journalists.update(id, body, user);
  }

  /** `:id` is the duplicate; it is deleted and its inquiries move to `intoId`. */
  @Roles('manager', 'admin')
  @Post(':id/merge')
  @HttpCode(200)
  merge(@Param() { id }: UuidParam, @Body() body: MergeContactDto, @CurrentUser() user: RequestUser): Promise<JournalistDetailDto> {
    return this.journalists.merge(id, body.intoId, user);
  }
}
