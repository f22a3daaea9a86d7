import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MetricsSummaryDto, MetricValuesDto } from '@newsdesk/shared';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { AppSecrets } from '../config/app-secrets.js';
import { signedMessageId } from '../intake/message-ids.js';
import { addDays, weekStart } from './local-dates.js';
import { MetricsService } from './metrics.service.js';

interface Subscriber {
  id: string;
  email: string;
  name: string;
}

/** "42 min", "3 h 10 min", "2 d 3 h"; durations come in whole seconds. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '-';
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return hours % 24 ? `${Math.floor(hours / 24)} d ${hours % 24} h` : `${Math.floor(hours / 24)} d`;
}

const percent = (rate: number | null) => (rate === null ? '-' : `${Math.round(rate * 100)}%`);

/**
 * The weekly digest: once the office's week (Monday to Sunday) is over, each active manager or admin
 * who switched it on gets last week's figures, queued in the outbox. The Message-ID is derived from
 * the user and the week, and unique in the outbox, so a digest is queued once however many
 * replicas or restarts try.
 */
@Injectable()
export class DigestService {
  private readonly logger = new Logger('MetricsDigest');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
    private readonly secrets: AppSecrets,
  ) {}

  /** Queues last week's digest for every subscriber who does not have it yet; returns how many were queued. */
  async queueDue(): Promise<number> {
    const subscribers = (await this.dataSource.query(
      `SELECT id, email, name FROM users WHERE active AND notify_weekly_digest AND role IN ('admin', 'manager') ORDER BY id`,
    )) as Subscriber[];
    if (!subscribers.length) return 0;
    const [{ today }] = (await this.dataSource.query(`SELECT (now() AT TIME ZONE $1)::date::text AS today`, [this.config.OFFICE_TIMEZONE])) as { today: string }[];
    const monday = addDays(weekStart(today), -7);
    const sunday = addDays(monday, 6);
    const withIds = subscribers.map((subscriber) => ({ subscriber, rfcMessageId: this.messageId(subscriber.id, monday) }));
    const queued = new Set(
      ((await this.dataSource.query(`SELECT rfc_message_id FROM outbound_messages WHERE rfc_message_id = ANY($1::text[])`, [withIds.map((w) => w.rfcMessageId)])) as {
        rfc_message_id: string;
      }[]).map((row) => row.rfc_message_id),
    );
    const due = withIds.filter((w) => !queued.has(w.rfcMessageId));
    if (!due.length) return 0;

    const week = await this.metrics.summary({ from: monday, to: sunday, groupBy: 'officer' });
    const previous = await this.metrics.summary({ from: addDays(monday, -7), to: addDays(monday, -1) });
    let count = 0;
    for (const { subscriber, rfcMessageId } of due) {
      const mail = this.compose(subscriber, week, previous.totals);
      const result = (await this.dataSource.query(
        `INSERT INTO outbound_messages (kind, from_address, to_addresses, subject, text, headers, rfc_message_id)
         VALUES ('notification', $1, $2::jsonb, $3, $4, $5::jsonb, $6)
         ON CONFLICT (rfc_message_id) DO NOTHING RETURNING id`,
        [
          `no-reply@${this.config.MAIL_DOMAIN}`,
          JSON.stringify([{ name: subscriber.name, address: subscriber.email }]),
          mail.subject,
          mail.text,
          JSON.stringify({ 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' }),
          rfcMessageId,
        ],
      )) as unknown[];
      count += result.length;
    }
    if (count) this.logger.log(`queued ${count} weekly digest(s) for the week of ${monday}`);
    return count;
  }

  private messageId(userId: string, monday: string): string {
    return signedMessageId(this.secrets.messageIdKey, this.config.MAIL_DOMAIN, `digest-${userId.toLowerCase()}-${monday.replaceAll('-', '')}`).replace(/^<|>$/g, '');
  }

  /** Plain text: the week's headline numbers next to the week before, the officers, a link. */
  compose(subscriber: Subscriber, week: MetricsSummaryDto, previous: MetricValuesDto): { subject: string; text: string } {
    const t = week.totals;
    const line = (label: string, value: string, before: string) => `${label.padEnd(30)}${value.padEnd(34)}(week before: ${before})`;
    const officers = week.groups
      .filter((group) => group.key)
      .sort((a, b) => b.values.assigned - a.values.assigned)
      .slice(0, 8)
      .map(
        (group) =>
          `  ${group.label.padEnd(26)}${String(group.values.assigned).padStart(4)} assigned   first response ${formatDuration(group.values.firstResponseTime.medianSeconds).padEnd(12)} deadlines met ${percent(group.values.deadlines.hitRate)}`,
      );
    const link = `${this.config.publicUrl}/metrics?from=${week.from}&to=${week.to}`;
    const text = [
      `Hello ${subscriber.name},`,
      '',
      `The press office's week from Monday ${week.from} to Sunday ${week.to} (${week.timeZone}):`,
      '',
      line('Inquiries received', String(t.received), String(previous.received)),
      line(
        'First response, median (p90)',
        `${formatDuration(t.firstResponseTime.medianSeconds)} (${formatDuration(t.firstResponseTime.p90Seconds)})`,
        formatDuration(previous.firstResponseTime.medianSeconds),
      ),
      line(
        'Deadlines met',
        `${percent(t.deadlines.hitRate)} (${t.deadlines.met} of ${t.deadlines.met + t.deadlines.missed})`,
        percent(previous.deadlines.hitRate),
      ),
      `${'Without a deadline'.padEnd(30)}${t.deadlines.noDeadline}`,
      line('Resolution, median (p90)', `${formatDuration(t.resolutionTime.medianSeconds)} (${formatDuration(t.resolutionTime.p90Seconds)})`, formatDuration(previous.resolutionTime.medianSeconds)),
      line('Reopened', String(t.reopens), String(previous.reopens)),
      line('Open at the end of the week', String(t.backlog), String(previous.backlog)),
      '',
      ...(officers.length ? ['Officers:', ...officers, ''] : []),
      `The dashboard: ${link}`,
      `Definitions of every number: docs/metrics.md. You get this mail because you switched on the weekly digest on the metrics page; switch it off there.`,
    ].join('\n');
    return {
      subject: `Press office week of ${week.from}: ${t.received} inquiries, ${percent(t.deadlines.hitRate)} of deadlines met`,
      text,
    };
  }
}
