import type { ApproveRequest, CreateApprovalRuleRequest } from '@newsdesk/shared';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';

export class ApproveDto implements ApproveRequest {
  /** An edited text; approving it locks it as the new version. */
  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: 'body must not be empty' })
  @MaxLength(100_000)
  body?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class RejectDto {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty({ message: 'comment must say why the reply is rejected' })
  @MaxLength(2000)
  comment: string;
}

export const APPROVAL_RULE_KINDS = ['all_statements', 'topic', 'outlet_tier'] as const;

export class CreateApprovalRuleDto implements CreateApprovalRuleRequest {
  @IsIn(APPROVAL_RULE_KINDS, { message: `kind must be one of: ${APPROVAL_RULE_KINDS.join(', ')}` })
  kind: (typeof APPROVAL_RULE_KINDS)[number];

  /** The topic (tag) or outlet tier; none for all_statements. */
  @ValidateIf((rule: CreateApprovalRuleDto) => rule.kind !== 'all_statements')
  @IsString()
  @IsNotEmpty({ message: 'value is needed for topic and outlet_tier rules' })
  @MaxLength(64)
  value?: string;
}
