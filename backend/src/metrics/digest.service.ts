import { BadRequestException, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DigestFrequency, DigestPreviewDto, DigestSettingsDto } from '@newsdesk/shared';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import type { RequestUser } from '../common/request-user.js';
import { AppConfig } from '../config/app-config.js';
import { AppSecrets } from '../config/app-secrets.js';
import { signedMessageId } from '../intake/message-ids.js';
import { queuedRfcMessageIds, queueNotificationOnce } from '../outbound/queue-mail.js';
import { StoriesService } from '../stories/stories.service.js';
import { UsersService, type DigestSubscriberRow } from '../users/users.service.js';
import { renderDigest, type DigestReport, type RenderedDigest } from './digest-render.js';
import { addDays, weekStart } from './local-dates.js';
import { MetricReportsService } from './metric-reports.service.js';
import { MetricsService } from './metrics.service.js';
import { compareValues, previousPeriod } from './period-comparison.js';

export { formatDuration } from './digest-render.js';

type Subscriber = DigestSubscriberRow;

/** The CSV carries every miss of the period up to this many; a month of a large office stays a small file. */
const MAX_MISSES = 2000;
const STORIES_IN_MAIL = 5;
const OFFICERS_IN_MAIL = 8;

/** Office-local date of an instant. */
function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/**
 * The manager's digest: once the office's day or week (Monday to Sunday) is over, each active manager
 * or admin who switched it on gets its figures against the period before, a chart of the deadline hit
 * rate, the missed deadlines, the busiest stories and the officers, as HTML and plain text with the
 * figures and misses as CSV, queued in the outbox. Daily or weekly is each recipient's own setting.
 * The Message-ID is derived from the user, the frequency and the period, and unique in the outbox,
 * so a digest is queued once however many replicas or restarts try. The dashboard's preview renders
 * the same report with the same function.
 */
@Injectable()
export class DigestService {
  private readonly logger = new Logger('MetricsDigest');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
    private readonly reports: MetricReportsService,
    private readonly stories: StoriesService,
    private readonly users: UsersService,
    private readonly config: AppConfig,
    private readonly secrets: AppSecrets,
    private readonly clock: Clock,
  ) {}

  /** Queues the last finished period's digest for every subscriber who does not have it yet; returns how many were queued. */
  async queueDue(): Promise<number> {
    const subscribers = await this.users.listDigestSubscribers();
    if (!subscribers.length) return 0;
    let count = 0;
    for (const frequency of ['weekly', 'daily'] as const) {
      const group = subscribers.filter((subscriber) => subscriber.frequency === frequency);
      if (group.length) count += await this.queueFor(frequency, group);
    }
    return count;
  }

  /** The digest the signed-in manager gets for the last finished period, exactly as it is sent. */
  async preview(user: RequestUser, frequency?: DigestFrequency): Promise<DigestPreviewDto> {
    const chosen = frequency ?? (await this.settings(user)).frequency;
    const report = await this.report(chosen);
    const mail = renderDigest(report, { name: user.name });
    return { frequency: chosen, from: report.from, to: report.to, subject: mail.subject, html: mail.html, text: mail.text, attachments: mail.attachments };
  }

  async settings(user: RequestUser): Promise<DigestSettingsDto> {
    const row = await this.users.findDigestSettings(user.id);
    if (!row) throw new BadRequestException('Your account no longer exists');
    return { subscribed: row.subscribed, frequency: row.frequency };
  }

  async updateSettings(user: RequestUser, change: Partial<DigestSettingsDto>): Promise<DigestSettingsDto> {
    if (change.subscribed === undefined && change.frequency === undefined) throw new BadRequestException('Send subscribed, frequency or both');
    const updated = await this.users.updateDigestSettings(user.id, change.subscribed ?? null, change.frequency ?? null);
    if (!updated) throw new BadRequestException('Your account no longer exists');
    return { subscribed: updated.subscribed, frequency: updated.frequency };
  }

  /** The last finished period: yesterday, or last Monday to Sunday, in the office's time zone by the app's clock. */
  period(frequency: DigestFrequency): { from: string; to: string } {
    const today = localDate(this.clock.now(), this.config.OFFICE_TIMEZONE);
    if (frequency === 'daily') return { from: addDays(today, -1), to: addDays(today, -1) };
    const monday = addDays(weekStart(today), -7);
    return { from: monday, to: addDays(monday, 6) };
  }

  private async queueFor(frequency: DigestFrequency, subscribers: Subscriber[]): Promise<number> {
    const { from } = this.period(frequency);
    const withIds = subscribers.map((subscriber) => ({ subscriber, rfcMessageId: this.messageId(subscriber.id, frequency, from) }));
    const queued = new Set(await queuedRfcMessageIds(this.dataSource.manager, withIds.map((w) => w.rfcMessageId)));
    const due = withIds.filter((w) => !queued.has(w.rfcMessageId));
    if (!due.length) return 0;
    const report = await this.report(frequency);
    let count = 0;
    for (const { subscriber, rfcMessageId } of due) count += await this.enqueue(subscriber, renderDigest(report, subscriber), rfcMessageId);
    if (count) this.logger.log(`queued ${count} ${frequency} digest(s) for ${from}`);
    return count;
  }

  private async enqueue(subscriber: Subscriber, mail: RenderedDigest, rfcMessageId: string): Promise<number> {
    const queued = await queueNotificationOnce(this.dataSource.manager, {
      from: `no-reply@${this.config.MAIL_DOMAIN}`,
      to: [{ name: subscriber.name, address: subscriber.email }],
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
      rfcMessageId,
      attachments: mail.attachments.map((file) => ({ filename: file.filename, contentType: file.contentType, content: Buffer.from(file.content, 'utf8').toString('base64') })),
    });
    return queued ? 1 : 0;
  }

  /** Everything the digest of the last finished period shows; the same for every recipient. */
  private async report(frequency: DigestFrequency): Promise<DigestReport> {
    const { from, to } = this.period(frequency);
    const before = previousPeriod(from, to);
    const current = await this.metrics.summary({ from, to, groupBy: 'officer' });
    const previous = await this.metrics.summary({ from: before.from, to: before.to });
    const chartFrom = frequency === 'weekly' ? addDays(from, -7 * 12) : addDays(from, -13);
    const chart = await this.metrics.series({ metric: 'deadlineHitRate', granularity: frequency === 'weekly' ? 'week' : 'day', from: chartFrom, to });
    const misses = await this.reports.allDeadlineMisses({ from, to }, MAX_MISSES);
    return {
      frequency,
      from: current.from,
      to: current.to,
      previousFrom: before.from,
      previousTo: before.to,
      timeZone: current.timeZone,
      current: current.totals,
      figures: compareValues(current.totals, previous.totals),
      chart: chart.points.map((point) => ({ period: point.period, rate: point.value, decided: point.count })),
      misses,
      stories: (await this.stories.busiest(from, to, current.timeZone, STORIES_IN_MAIL)).map(({ title, received, open }) => ({ title, received, open })),
      officers: current.groups
        .filter((group) => group.key)
        .sort((a, b) => b.values.assigned - a.values.assigned)
        .slice(0, OFFICERS_IN_MAIL),
      publicUrl: this.config.publicUrl,
    };
  }

  private messageId(userId: string, frequency: DigestFrequency, from: string): string {
    // Weekly ids keep the form they had before daily digests existed, so a week is never sent twice across the upgrade.
    const local = frequency === 'weekly' ? `digest-${userId.toLowerCase()}-${from.replaceAll('-', '')}` : `digestday-${userId.toLowerCase()}-${from.replaceAll('-', '')}`;
    return signedMessageId(this.secrets.messageIdKey, this.config.MAIL_DOMAIN, local).replace(/^<|>$/g, '');
  }
}
