import { DIGEST_FREQUENCIES, type DigestFrequency } from '@newsdesk/shared';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MetricFiltersQuery } from './metrics.query.js';

export class DeadlineMissesQuery extends MetricFiltersQuery {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class DigestSettingsBody {
  @IsOptional()
  @IsBoolean()
  subscribed?: boolean;

  @IsOptional()
  @IsIn(DIGEST_FREQUENCIES, { message: `frequency must be one of: ${DIGEST_FREQUENCIES.join(', ')}` })
  frequency?: DigestFrequency;
}

export class DigestPreviewQuery {
  /** Defaults to the signed-in manager's own setting. */
  @IsOptional()
  @IsIn(DIGEST_FREQUENCIES, { message: `frequency must be one of: ${DIGEST_FREQUENCIES.join(', ')}` })
  frequency?: DigestFrequency;
}
