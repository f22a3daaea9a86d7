import { STATEMENT_STATUSES, type StatementStatus } from '@newsdesk/shared';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/dto/page.query.js';

const bool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListStatementsQuery extends PageQuery {
  @IsOptional()
  @IsString()
  @MaxLength(64)
  topic?: string;

  @IsOptional()
  @IsIn(STATEMENT_STATUSES, { message: `status must be one of: ${STATEMENT_STATUSES.join(', ')}` })
  status?: StatementStatus;

  /** `true`: only statements past their review date; `false`: only those not. */
  @IsOptional()
  @Transform(bool)
  @IsBoolean({ message: 'stale must be true or false' })
  stale?: boolean;

  /** Part of the title. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class ListDeliveriesQuery extends PageQuery {}
