import { IntersectionType } from '@nestjs/swagger';
import {
  METRIC_CLOCKS,
  METRIC_GRANULARITIES,
  METRIC_GROUPS,
  METRICS,
  OUTLET_TIERS,
  REQUEST_TYPES,
  TICKET_CHANNELS,
  type MetricClock,
  type MetricGranularity,
  type MetricGroup,
  type MetricName,
  type MetricsQueryParams,
  type MetricsSeriesParams,
  type MetricsSummaryParams,
  type MetricTicketsParams,
  type OutletTier,
  type RequestType,
  type TicketChannel,
} from '@newsdesk/shared';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/dto/page.query.js';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const ID_OR_NONE = /^(none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** Range and filters every metrics endpoint takes. Dates are the office's local dates, both inclusive. */
export class MetricFiltersQuery implements MetricsQueryParams {
  /** First day (YYYY-MM-DD); default 29 days before `to`. */
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date like 2026-03-01' })
  from?: string;

  /** Last day (YYYY-MM-DD), at most today; default today. */
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date like 2026-03-31' })
  to?: string;

  /** An officer's user id, or `none` for unassigned. */
  @IsOptional()
  @Matches(ID_OR_NONE, { message: 'officer must be a user id or none' })
  officer?: string;

  @IsOptional()
  @IsUUID('all', { message: 'team must be a team id' })
  team?: string;

  /** An outlet id, or `none` for inquiries without an outlet. */
  @IsOptional()
  @Matches(ID_OR_NONE, { message: 'outlet must be an outlet id or none' })
  outlet?: string;

  @IsOptional()
  @IsIn(OUTLET_TIERS, { message: `tier must be one of: ${OUTLET_TIERS.join(', ')}` })
  tier?: OutletTier;

  /** A topic (ticket tag), or `none` for untagged inquiries. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  topic?: string;

  @IsOptional()
  @IsIn(TICKET_CHANNELS, { message: `channel must be one of: ${TICKET_CHANNELS.join(', ')}` })
  channel?: TicketChannel;

  @IsOptional()
  @IsIn(REQUEST_TYPES, { message: `requestType must be one of: ${REQUEST_TYPES.join(', ')}` })
  requestType?: RequestType;

  /** `business` counts only office hours (needs OFFICE_HOURS). */
  @IsOptional()
  @IsIn(METRIC_CLOCKS, { message: `clock must be one of: ${METRIC_CLOCKS.join(', ')}` })
  clock?: MetricClock;

  /** `csv` answers text/csv (as does `Accept: text/csv`). */
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';
}

export class MetricsSummaryQuery extends MetricFiltersQuery implements MetricsSummaryParams {
  @IsOptional()
  @IsIn(METRIC_GROUPS, { message: `groupBy must be one of: ${METRIC_GROUPS.join(', ')}` })
  groupBy?: MetricGroup;
}

export class MetricsSeriesQuery extends MetricsSummaryQuery implements MetricsSeriesParams {
  @IsIn(METRICS, { message: `metric must be one of: ${METRICS.join(', ')}` })
  metric: MetricName;

  @IsOptional()
  @IsIn(METRIC_GRANULARITIES, { message: `granularity must be one of: ${METRIC_GRANULARITIES.join(', ')}` })
  granularity?: MetricGranularity;
}

export class MetricTicketsQuery extends IntersectionType(MetricFiltersQuery, PageQuery) implements MetricTicketsParams {
  @IsIn(METRICS, { message: `metric must be one of: ${METRICS.join(', ')}` })
  metric: MetricName;
}

export class DigestSubscriptionBody {
  @IsBoolean()
  subscribed: boolean;
}
