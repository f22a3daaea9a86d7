import { Body, Controller, Get, Put, Query, Res } from '@nestjs/common';
import type { DeadlineMissDto, DigestPreviewDto, DigestSettingsDto, MetricsComparisonDto, Page } from '@newsdesk/shared';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth/roles.decorator.js';
import { CurrentUser, type RequestUser } from '../common/request-user.js';
import { deadlineMissesCsv } from './digest-render.js';
import { DigestService } from './digest.service.js';
import { DeadlineMissesQuery, DigestPreviewQuery, DigestSettingsBody } from './dto/metric-reports.query.js';
import { MetricsSummaryQuery } from './dto/metrics.query.js';
import { MetricReportsService } from './metric-reports.service.js';

const MAX_CSV_MISSES = 10_000;

/** The manager's report: period comparison, missed deadlines, and the digest mail (docs/metrics.md); managers and admins only. */
@Roles('admin', 'manager')
@Controller('metrics')
export class MetricReportsController {
  constructor(
    private readonly reports: MetricReportsService,
    private readonly digests: DigestService,
  ) {}

  /** Every headline figure of the range (and of each group with `groupBy`) against the same number of days just before it. */
  @Get('comparison')
  comparison(@Query() query: MetricsSummaryQuery): Promise<MetricsComparisonDto> {
    return this.reports.comparison(query);
  }

  /** The missed deadlines of the range, newest first, 50 a page; `format=csv` answers every one (up to 10,000) as CSV. */
  @Get('deadline-misses')
  async deadlineMisses(@Query() query: DeadlineMissesQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<Page<DeadlineMissDto> | string> {
    if (query.format !== 'csv') return this.reports.deadlineMisses(query);
    const misses = await this.reports.allDeadlineMisses(query, MAX_CSV_MISSES);
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="newsdesk-deadline-misses.csv"`);
    return deadlineMissesCsv(misses);
  }

  @Get('digest-settings')
  digestSettings(@CurrentUser() user: RequestUser): Promise<DigestSettingsDto> {
    return this.digests.settings(user);
  }

  /** The signed-in manager's digest: on or off, weekly or daily. */
  @Put('digest-settings')
  updateDigestSettings(@Body() body: DigestSettingsBody, @CurrentUser() user: RequestUser): Promise<DigestSettingsDto> {
    return this.digests.updateSettings(user, body);
  }

  /** The digest mail of the last finished period, rendered by the code that sends it. */
  @Get('digest-preview')
  digestPreview(@Query() query: DigestPreviewQuery, @CurrentUser() user: RequestUser): Promise<DigestPreviewDto> {
    return this.digests.preview(user, query.frequency);
  }
}
