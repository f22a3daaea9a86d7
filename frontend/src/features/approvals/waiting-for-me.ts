import type { ApprovalDto, StatementApprovalDto, UserDto } from '@newsdesk/shared';

/** Statements are approved by managers and admins only (the approver right covers replies). */
export function canApproveStatements(user: Pick<UserDto, 'role'> | undefined): boolean {
  return user?.role === 'manager' || user?.role === 'admin';
}

/** What waits for this person: pending replies and statement versions someone else wrote (nobody approves their own). */
export function waitingForMe(replies: ApprovalDto[] | undefined, statements: StatementApprovalDto[] | undefined, meId: string | undefined) {
  const replyCount = (replies ?? []).filter((approval) => approval.status === 'pending' && approval.requestedBy?.id !== meId).length;
  const statementCount = (statements ?? []).filter((statement) => statement.writtenBy?.id !== meId).length;
  return { replies: replyCount, statements: statementCount, total: replyCount + statementCount };
}
