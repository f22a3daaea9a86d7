import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { Page, ResponseTargetDto, TargetBreachDto, TargetOutcomesDto } from '@newsdesk/shared';
import { UuidParam } from '../common/dto/uuid.param.js';
import { Roles } from '../auth/roles.decorator.js';
import { CurrentUser, type RequestUser } from '../common/request-user.js';
import { CreateResponseTargetDto, TargetOutcomesQuery, UpdateResponseTargetDto } from './dto/response-target.dto.js';
import { TargetOutcomesService } from './target-outcomes.service.js';
import { TargetsService } from './targets.service.js';

/** First-response targets: managers read them, admins change them (as with teams and approval rules). */
@Controller('response-targets')
export class TargetsController {
  constructor(private readonly targets: TargetsService) {}

  @Roles('admin', 'manager')
  @Get()
  list(): Promise<ResponseTargetDto[]> {
    return this.targets.list();
  }

  @Roles('admin')
  @Post()
  create(@Body() body: CreateResponseTargetDto, @CurrentUser() user: RequestUser): Promise<ResponseTargetDto> {
    return this.targets.create(body, user);
  }

  @Roles('admin')
  @Patch(':id')
  update(@Param() { id }: UuidParam, @Body() body: UpdateResponseTargetDto, @CurrentUser() user: RequestUser): Promise<ResponseTargetDto> {
    return this.targets.update(id, body, user);
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  remove(@Param() { id }: UuidParam, @CurrentUser() user: RequestUser): Promise<void> {
    return this.targets.remove(id, user);
  }
}

/** Hits and breaches of the targets, beside the other manager metrics. */
@Roles('admin', 'manager')
@Controller('metrics/targets')
export class TargetOutcomesController {
  constructor(private readonly outcomes: TargetOutcomesService) {}

  /** Hits, breaches and pending for the range, by officer, tier or topic. */
  @Get()
  summary(@Query() query: TargetOutcomesQuery): Promise<TargetOutcomesDto> {
    return this.outcomes.outcomes(query);
  }

  /** The breaches behind the numbers: who, which outlet, how late; newest due first, 50 a page. */
  @Get('breaches')
  breaches(@Query() query: TargetOutcomesQuery): Promise<Page<TargetBreachDto>> {
    return this.outcomes.breaches(query);
  }
}
