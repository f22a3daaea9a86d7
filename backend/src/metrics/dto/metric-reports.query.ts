import { IntersectionType } from '@nestjs/swagger';
import { DIGEST_FREQUENCIES, type DigestFrequency } from '@newsdesk/shared';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { MetricFiltersQuery } from './metrics.query.js';
import { PageQuery } from '../../common/dto/page.query.js';

export class DeadlineMissesQuery extends IntersectionType(MetricFiltersQuery, PageQuery) {}

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
