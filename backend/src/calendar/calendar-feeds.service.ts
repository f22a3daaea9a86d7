import { HttpException, HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import type { CalendarSubscriptionDto } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { throttleAddress } from '../auth/throttle-address.js';
import { Clock } from '../common/clock.js';
import type { RequestUser } from '../common/request-user.js';
import { AppConfig } from '../config/app-config.js';
import { AppSecrets } from '../config/app-secrets.js';
import { EventsService } from '../events/events.service.js';
import type { TicketDeadlineRow } from '../tickets/ticket-deadlines.repository.js';
import { TicketsService } from '../tickets/tickets.service.js';
import { CalendarFeedsRepository, type CalendarFeedTokenRow } from './calendar-feeds.repository.js';
import { writeCalendar, type CalendarEvent } from './ical.js';

const TOKEN_PREFIX = 'ndcal_';
/** The path segment a subscription URL ends with: the secret and `.ics`, nothing else. */
const FEED_FILE = /^(ndcal_[A-Za-z0-9_-]{43})\.ics$/;
const HOUR_MS = 3_600_000;
const TOUCH_INTERVAL_MS = 60_000;
/** A deadline is a moment; the event lasts a quarter of an hour so calendars draw it. */
const EVENT_MS = 15 * 60_000;
/** More than any one officer holds open; the feed stays small for every calendar app. */
const MAX_EVENTS = 1000;
export const UNKNOWN_FEED = 'This calendar link does not work: it was revoked or replaced. Create a new one on your profile page.';

function toCalendarSubscriptionDto(row: CalendarFeedTokenRow | null, timeZone: string, url?: string): CalendarSubscriptionDto {
  return {
    active: !!row,
    prefix: row?.prefix ?? null,
    createdAt: row?.created_at.toISOString() ?? null,
    lastUsedAt: row?.last_used_at?.toISOString() ?? null,
    timeZone,
    ...(url ? { url } : {}),
  };
}

/**
 * Deadline calendar: each person may hold one secret iCal link (stored as a keyed hash, like API
 * tokens) to the deadlines of the open tickets assigned to them. The link is read-only and needs no
 * session; replacing or revoking it stops the old one at once. The public feed is counted per
 * network and per link in PostgreSQL, so the limits hold across replicas.
 */
@Injectable()
export class CalendarFeedsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly feeds: CalendarFeedsRepository,
    private readonly tickets: TicketsService,
    private readonly config: AppConfig,
    private readonly secrets: AppSecrets,
    private readonly events: EventsService,
    private readonly clock: Clock,
  ) {}

  async subscription(user: RequestUser): Promise<CalendarSubscriptionDto> {
    return toCalendarSubscriptionDto(await this.feeds.findByUser(user.id), this.config.OFFICE_TIMEZONE);
  }

  /** Creates the person's link, or replaces it (the old URL stops working in the same commit); the URL is shown once. */
  async createOrRotate(user: RequestUser): Promise<CalendarSubscriptionDto> {
    const secret = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const prefix = secret.slice(0, TOKEN_PREFIX.length + 4);
    const row = await this.dataSource.transaction(async (tx) => {
      const before = await this.feeds.findByUser(user.id);
      const saved = await this.feeds.upsert(tx, user.id, this.secrets.hashToken(secret), prefix, this.clock.now());
      await this.events.record(
        {
          type: before ? 'calendar_feed.rotated' : 'calendar_feed.created',
          entityType: 'calendar_feed',
          entityId: saved.id,
          actorId: user.id,
          before: before ? { prefix: before.prefix } : null,
          after: { prefix },
        },
        tx,
      );
      return saved;
    });
    return toCalendarSubscriptionDto(row, this.config.OFFICE_TIMEZONE, `${this.config.publicUrl}/api/calendar/deadlines/${secret}.ics`);
  }

  async revoke(user: RequestUser): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const prefix = await this.feeds.deleteByUser(tx, user.id);
      if (prefix === null) throw new NotFoundException('You have no calendar link to revoke');
      await this.events.record({ type: 'calendar_feed.revoked', entityType: 'calendar_feed', actorId: user.id, before: { prefix } }, tx);
    });
  }

  /** The iCalendar text for a subscription URL's last segment, after the network's and the link's request counts. */
  async feed(file: string, ip: string): Promise<string> {
    const now = this.clock.now();
    const windowStart = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
    // Counted before the secret is looked at, so guessing links costs the same budget as fetching one.
    await this.admit(`ip:${this.secrets.hashToken(`calendar-feed-network:${throttleAddress(ip)}`)}`, windowStart, now, this.config.CALENDAR_FEED_MAX_PER_IP_PER_HOUR, 'from your network');
    const secret = FEED_FILE.exec(file)?.[1];
    const owner = secret ? await this.feeds.findOwnerByHash(this.secrets.hashToken(secret)) : null;
    if (!owner) throw new NotFoundException(UNKNOWN_FEED);
    await this.admit(`feed:${owner.id}`, windowStart, now, this.config.CALENDAR_FEED_MAX_PER_LINK_PER_HOUR, 'for this calendar link');
    if (!owner.last_used_at || now.getTime() - owner.last_used_at.getTime() > TOUCH_INTERVAL_MS) await this.feeds.touch(owner.id, now);
    const tickets = await this.tickets.openDeadlinesOf(owner.user_id, MAX_EVENTS);
    return writeCalendar(
      { name: `Newsdesk deadlines · ${owner.user_name}`, timeZone: this.config.OFFICE_TIMEZONE, events: tickets.map((ticket) => this.toEvent(ticket)) },
      now,
    );
  }

  private toEvent(ticket: TicketDeadlineRow): CalendarEvent {
    const url = `${this.config.publicUrl}/tickets/${encodeURIComponent(ticket.reference)}`;
    return {
      // One UID per ticket: a moved deadline updates the same event instead of adding one.
      uid: `ticket-${ticket.id}-deadline@${this.config.MAIL_DOMAIN}`,
      stamp: ticket.changed_at,
      start: ticket.deadline_at,
      end: new Date(ticket.deadline_at.getTime() + EVENT_MS),
      summary: `${ticket.reference}: ${ticket.subject}`,
      description: [
        ticket.detected ? `Deadline detected in the journalist's mail, not yet confirmed.` : 'Deadline confirmed.',
        `Status: ${ticket.status}. Priority: ${ticket.priority}.`,
        url,
      ].join('\n'),
      url,
    };
  }

  private async admit(key: string, windowStart: Date, now: Date, limit: number, scope: string): Promise<void> {
    const count = await this.feeds.countRequest(key, windowStart);
    // The first request of a window clears windows long past, so the table holds about two hours.
    if (count === 1) await this.feeds.deleteWindowsBefore(new Date(windowStart.getTime() - HOUR_MS));
    if (count <= limit) return;
    const retryAfter = Math.max(1, Math.ceil((windowStart.getTime() + HOUR_MS - now.getTime()) / 1000));
    throw new HttpException(
      {
        message: `Too many calendar requests ${scope} this hour (at most ${limit}). Calendar apps refresh on their own; try again in ${Math.ceil(retryAfter / 60)} minute(s).`,
        headers: { 'retry-after': String(retryAfter) },
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
