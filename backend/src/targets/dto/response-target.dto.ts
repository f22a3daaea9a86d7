import { OUTLET_TIERS, REQUEST_TYPES, TARGET_GROUPS, type OutletTier, type RequestType, type TargetGroup, type TargetOutcomesParams } from '@newsdesk/shared';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { PageQuery } from '../../common/dto/page.query.js';

const MINUTES_MESSAGE = 'minutes must be a whole number of office minutes from 1 to 43200 (30 days)';
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const ID_OR_NONE = /^(none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export class CreateResponseTargetDto {
  /** An outlet tier, or null/absent for every tier. */
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsIn(OUTLET_TIERS, { message: `tier must be one of: ${OUTLET_TIERS.join(', ')} (or null for any tier)` })
  tier?: OutletTier | null;

  /** A request type, or null/absent for every type. */
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsIn(REQUEST_TYPES, { message: `requestType must be one of: ${REQUEST_TYPES.join(', ')} (or null for any type)` })
  requestType?: RequestType | null;

  @IsInt({ message: MINUTES_MESSAGE })
  @Min(1, { message: MINUTES_MESSAGE })
  @Max(43_200, { message: MINUTES_MESSAGE })
  minutes: number;
}

export class UpdateResponseTargetDto {
  @IsInt({ message: MINUTES_MESSAGE })
  @Min(1, { message: MINUTES_MESSAGE })
  @Max(43_200, { message: MINUTES_MESSAGE })
  minutes: number;
}

/** Range and filters of the hits-and-breaches reads; dates are office-local and both inclusive. */
export class TargetOutcomesQuery extends PageQuery implements TargetOutcomesParams {
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date like 2026-03-01' })
  from?: string;

  @IsOptional()
  @Matches(DATE, { message: 'to must be a date like 2026-03-31' })
  to?: string;

  @IsOptional()
  @IsIn(TARGET_GROUPS, { message: `groupBy must be one of: ${TARGET_GROUPS.join(', ')}` })
  groupBy?: TargetGroup;

  /** An officer's user id, or `none` for unassigned. */
  @IsOptional()
  @Matches(ID_OR_NONE, { message: 'officer must be a user id or none' })
  officer?: string;

  @IsOptional()
  @IsIn([...OUTLET_TIERS, 'none'], { message: `tier must be one of: ${OUTLET_TIERS.join(', ')}, none` })
  tier?: OutletTier | 'none';

  /** A topic (ticket tag), or `none` for untagged tickets. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  topic?: string;
}
