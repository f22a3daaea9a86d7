import { Body, Controller, Get, Put, Query, Req, Res } from '@nestjs/common';
import type { MetricsDigestSubscriptionDto, MetricsOptionsDto, MetricsSeriesDto, MetricsSummaryDto, MetricTicketDto, Page } from '@newsdesk/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../auth/roles.decorator.js';
import { CurrentUser, type RequestUser } from '../common/request-user.js';
import { DigestSubscriptionBody, MetricsSeriesQuery, MetricsSummaryQuery, MetricTicketsQuery, type MetricFiltersQuery } from './dto/metrics.query.js';
import { seriesToCsv, summaryToCsv } from './metrics-csv.js';
import { MetricsService } from './metrics.service.js';

/** `format=csv` or an Accept header preferring text/csv. */
function wantsCsv(query: MetricFiltersQuery, request: FastifyRequest): boolean {
  if (query.format) return query.format === 'csv';
  return /(^|,)\s*text\/csv/i.test(request.headers.accept ?? '');
}

function sendCsv(reply: FastifyReply, filename: string, body: string): string {
  reply.header('content-type', 'text/csv; charset=utf-8');
  reply.header('content-disposition', `attachment; filename="${filename}"`);
  return body;
}

/** Manager metrics (docs/metrics.md); managers and admins only. */
@Roles('admin', 'manager')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  /** Headline numbers for a range, optionally broken down by `groupBy`. */
  @Get('summary')
  async summary(@Query() query: MetricsSummaryQuery, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<MetricsSummaryDto | string> {
    const summary = await this.metrics.summary(query);
    return wantsCsv(query, request) ? sendCsv(reply, `newsdesk-metrics-${summary.from}-${summary.to}.csv`, summaryToCsv(summary)) : summary;
  }

  /** One metric per day, week or month, optionally one line per group. */
  @Get('series')
  async series(@Query() query: MetricsSeriesQuery, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<MetricsSeriesDto | string> {
    const series = await this.metrics.series(query);
    return wantsCsv(query, request) ? sendCsv(reply, `newsdesk-${series.metric}-${series.from}-${series.to}.csv`, seriesToCsv(series)) : series;
  }

  /** The tickets behind a number: the metric, range and filters of the cell. */
  @Get('tickets')
  tickets(@Query() query: MetricTicketsQuery): Promise<Page<MetricTicketDto>> {
    return this.metrics.tickets(query);
  }

  /** Officers, teams, outlets and topics the filters offer. */
  @Get('options')
  options(): Promise<MetricsOptionsDto> {
    return this.metrics.options();
  }

  @Get('digest-subscription')
  digestSubscription(@CurrentUser() user: RequestUser): Promise<MetricsDigestSubscriptionDto> {
    return this.metrics.digestSubscription(user);
  }

  /** Switches the weekly digest mail on or off for the signed-in manager. */
  @Put('digest-subscription')
  setDigestSubscription(@Body() body: DigestSubscriptionBody, @CurrentUser() user: RequestUser): Promise<MetricsDigestSubscriptionDto> {
    return this.metrics.setDigestSubscription(user, body.subscribed);
  }
}
