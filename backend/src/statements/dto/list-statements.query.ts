import { STATEMENT_STATUSES, type StatementStatus } from '@newsdesk/shared';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

const bool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListStatementsQuery {
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

  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(100, { message: 'limit must be at most 100' })
  limit?: number;
}

export class ListDeliveriesQuery {
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(200, { message: 'limit must be at most 200' })
  limit?: number;
}
