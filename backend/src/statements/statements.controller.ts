import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { Page, StatementDeliveryDto, StatementDetailDto, StatementSummaryDto } from '@newsdesk/shared';
import { IsUUID } from 'class-validator';
import { Roles } from '../auth/roles.decorator.js';
import { UuidParam } from '../common/dto/uuid.param.js';
import { CurrentUser, type RequestUser } from '../common/request-user.js';
import { ListDeliveriesQuery, ListStatementsQuery } from './dto/list-statements.query.js';
import { CreateStatementDto, CreateStatementVersionDto, UpdateStatementDto } from './dto/statement.dto.js';
import { StatementsService } from './statements.service.js';

class StatementVersionParam extends UuidParam {
  @IsUUID('all', { message: 'versionId must be a UUID' })
  versionId: string;
}

/** The statement library. Any staff member reads and drafts; managers and admins approve and retire. */
@Controller('statements')
export class StatementsController {
  constructor(private readonly statements: StatementsService) {}

  @Get()
  list(@Query() query: ListStatementsQuery, @CurrentUser() user: RequestUser): Promise<Page<StatementSummaryDto>> {
    return this.statements.list(query, user);
  }

  @Post()
  create(@Body() body: CreateStatementDto, @CurrentUser() user: RequestUser): Promise<StatementDetailDto> {
    return this.statements.create(body, user);
  }

  @Get(':id')
  get(@Param() { id }: UuidParam, @CurrentUser() user: RequestUser): Promise<StatementDetailDto> {
    return this.statements.get(id, user);
  }

  @Patch(':id')
  update(@Param() { id }: UuidParam, @Body() body: UpdateStatementDto, @CurrentUser() user: RequestUser): Promise<StatementDetailDto> {
    return this.statements.update(id, body, user);
  }

  /** A new wording, as a draft version that needs approval. */
  @Post(':id/versions')
  addVersion(@Param() { id }: UuidParam, @Body() body: CreateStatementVersionDto, @CurrentUser() user: RequestUser): Promise<StatementDetailDto> {
    return this.statements.addVersion(id, body, user);
  }

  @Roles('manager', 'admin')
  @Post(':id/versions/:versionId/approve')
  @HttpCode(200)
  approve(@Param() { id, versionId }: StatementVersionParam, @CurrentUser() user: RequestUser): Promise<StatementDetailDto> {
    return this.statements.approve(id, versionId, user);
  }

  @Roles('manager', 'admin')
  @Post(':id/retire')
  @HttpCode(200)
  retire(@Param() { id }: UuidParam, @CurrentUser() user: RequestUser): Promise<StatementDetailDto> {
    return this.statements.retire(id, user);
  }

  @Get(':id/deliveries')
  deliveries(@Param() { id }: UuidParam, @Query() query: ListDeliveriesQuery, @CurrentUser() user: RequestUser): Promise<Page<StatementDeliveryDto>> {
    return this.statements.deliveries(id, query, user);
  }
}
