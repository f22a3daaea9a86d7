import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { OutletDetailDto, OutletSummaryDto, Page } from '@newsdesk/shared';
import { UuidParam } from '../common/dto/uuid.param.js';
import { Roles } from '../auth/roles.decorator.js';
import { CurrentUser, type RequestUser } from '../common/request-user.js';
import { ListOutletsQuery } from './dto/list-outlets.query.js';
import { MergeContactDto } from './dto/merge-contact.dto.js';
import { CreateOutletDto, UpdateOutletDto } from './dto/outlet.dto.js';
import { OutletsService } from './outlets.service.js';

@Controller('outlets')
export class OutletsController {
  constructor(private readonly outlets: OutletsService) {}

  @Get()
  list(@Query() query: ListOutletsQuery, @CurrentUser() user: RequestUser): Promise<Page<OutletSummaryDto>> {
    return this.outlets.list(query, user);
  }

  @Get(':id')
  get(@Param() { id }: UuidParam, @CurrentUser() user: RequestUser): Promise<OutletDetailDto> {
    return this.outlets.get(id, user);
  }

  @Post()
  create(@Body() body: CreateOutletDto, @CurrentUser() user: RequestUser): Promise<OutletDetailDto> {
    return this.outlets.create(body, user);
  }

  @Patch(':id')
  update(@Param() { id }: UuidParam, @Body() body: UpdateOutletDto, @CurrentUser() user: RequestUser): Promise<OutletDetailDto> {
    return this.outlets.update(id, body, user);
  }

  /** `:id` is the duplicate; it is deleted and its journalists, inquiries and domains move to `intoId`. */
  @Roles('manager', 'admin')
  @Post(':id/merge')
  @HttpCode(200)
  merge(@Param() { id }: UuidParam, @Body() body: MergeContactDto, @CurrentUser() user: RequestUser): Promise<OutletDetailDto> {
    return this.outlets.merge(id, body.intoId, user);
  }
}
