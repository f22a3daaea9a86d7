import { Controller, Get } from '@nestjs/common';
import type { StatementApprovalDto } from '@newsdesk/shared';
import { CurrentUser, type RequestUser } from '../common/request-user.js';
import { StatementsService } from './statements.service.js';

/** Statement versions waiting for approval, for the Approvals inbox; approving goes through `POST /api/statements/:id/versions/:versionId/approve`. */
@Controller('statement-approvals')
export class StatementApprovalsController {
  constructor(private readonly statements: StatementsService) {}

  @Get()
  list(@CurrentUser() user: RequestUser): Promise<StatementApprovalDto[]> {
    return this.statements.awaitingApproval(user);
  }
}
