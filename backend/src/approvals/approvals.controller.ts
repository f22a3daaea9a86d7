import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { APPROVAL_STATUSES, type ApprovalDto, type ApprovalRuleDto, type ApprovalStatus } from '@newsdesk/shared';
import { IsIn, IsOptional } from 'class-validator';
import { UuidParam } from '../common/dto/uuid.param.js';
import { Roles } from '../auth/roles.decorator.js';
import { CurrentUser, type RequestUser } from '../common/request-user.js';
import { ApprovalsService } from './approvals.service.js';
import { ApproveDto, CreateApprovalRuleDto, RejectDto } from './dto/approval.dto.js';

class ListApprovalsQuery {
  @IsOptional()
  @IsIn(APPROVAL_STATUSES, { message: `status must be one of: ${APPROVAL_STATUSES.join(', ')}` })
  status?: ApprovalStatus;
}

@Controller()
export class ApprovalsController {
  constructor(private readonly approvals: ApprovalsService) {}

  @Get('approvals')
  list(@Query() query: ListApprovalsQuery, @CurrentUser() user: RequestUser): Promise<ApprovalDto[]> {
    return this.approvals.list(query.status, user);
  }

  @Get('approvals/:id')
  get(@Param() { id }: UuidParam, @CurrentUser() user: RequestUser): Promise<ApprovalDto> {
    return this.approvals.get(id, user);
  }

  @Post('approvals/:id/approve')
  @HttpCode(200)
  approve(@Param() { id }: UuidParam, @Body() body: ApproveDto, @CurrentUser() user: RequestUser): Promise<ApprovalDto> {
    return this.approvals.approve(id, body, user);
  }

  @Post('approvals/:id/reject')
  @HttpCode(200)
  reject(@Param() { id }: UuidParam, @Body() body: RejectDto, @CurrentUser() user: RequestUser): Promise<ApprovalDto> {
    return this.approvals.reject(id, body, user);
  }

  @Get('approval-rules')
  rules(): Promise<ApprovalRuleDto[]> {
    return this.approvals.rules();
  }

  @Roles('admin')
  @Post('approval-rules')
  addRule(@Body() body: CreateApprovalRuleDto, @CurrentUser() user: RequestUser): Promise<ApprovalRuleDto> {
    return this.approvals.addRule(body, user);
  }

  @Roles('admin')
  @Delete('approval-rules/:id')
  @HttpCode(204)
  removeRule(@Param() { id }: UuidParam, @CurrentUser() user: RequestUser): Promise<void> {
    return this.approvals.removeRule(id, user);
  }
}
