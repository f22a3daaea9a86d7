import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { StreamEventMap, StreamEventType } from '@newsdesk/shared';
import { SessionsService } from '../auth/sessions.service.js';
import type { RequestUser } from '../common/request-user.js';
import { isUuid } from '../common/ids.js';
import { AppConfig } from '../config/app-config.js';
import { DATABASE_URL } from '../config/config.module.js';
import { ListenerConnection } from '../database/listener-connection.js';
import { PresenceService } from './presence.service.js';
import { parseTicketEventNotices, toTicketChangeEventDto, type TicketEventNotice } from './realtime.mapper.js';
import { formatComment, formatEvent, type SseConnection } from './sse.js';
import { EventsService } from '../events/events.service.js';

const EVENTS_CHANNEL = 'newsdesk_events';
const PRESENCE_CHANNEL = 'newsdesk_presence';
const RETRY_MS = 3_000;
const HEARTBEAT_MS = 20_000;
const PRESENCE_SWEEP_MS = 5_000;
/** A first client waits at most this long for LISTEN; after that its stream opens and events flow once connected. */
const LISTEN_WAIT_MS = 5_000;
/** Token streams end after this long so the client reconnects through the auth guard (a revoked token stops there). */
const TOKEN_STREAM_MS = 15 * 60_000;
const REPLAY_LIMIT = 500;
const REPLAY_WINDOW_MINUTES = 15;
const EVENT_ID = /^\d{1,18}$/;

interface StreamClient {
  connection: SseConnection;
  user: RequestUser;
}

/**
 * Live updates for this process: one LISTEN connection (opened when the first client subscribes,
 * so the CLI never holds one), fanned out to every event-stream client of this process. Each
 * replica runs its own, and PostgreSQL NOTIFY reaches them all, so an update on one replica
 * reaches clients of every other.
 */
@Injectable()
export class EventStreamService implements OnModuleDestroy {
  private readonly logger = new Logger('EventStream');
  private readonly clients = new Set<StreamClient>();
  private listener: ListenerConnection | null = null;
  private timers: NodeJS.Timeout[] = [];
  private stopped = false;
  /** Highest event id announced so far: after a reconnect, what came later is read back from the log. */
  private lastEventId: bigint | null = null;
  private readonly pendingPresence = new Set<string>();
  private presenceFlush: NodeJS.Timeout | null = null;

  constructor(
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    private readonly presence: PresenceService,
    private readonly sessions: SessionsService,
    private readonly config: AppConfig,
    private readonly events: EventsService,
  ) {}

  get clientCount(): number {
    return this.clients.size;
  }

  /** Adds a client; with a Last-Event-ID it first gets the ticket events it missed (recent ones only). */
  async subscribe(connection: SseConnection, user: RequestUser, lastEventId?: string): Promise<void> {
    if (this.stopped) {
      connection.close();
      return;
    }
    await this.listen();
    if (connection.isClosed) return;
    const client: StreamClient = { connection, user };
    this.clients.add(client);
    const expiry = user.via === 'token' ? setTimeout(() => connection.close(), TOKEN_STREAM_MS).unref() : null;
    connection.onClose(() => {
      this.clients.delete(client);
      if (expiry) clearTimeout(expiry);
    });
    connection.write(`retry: ${RETRY_MS}\n\n${formatComment('connected')}`);
    if (lastEventId && EVENT_ID.test(lastEventId)) {
      const missed = await this.eventsAfter(BigInt(lastEventId)).catch((error: Error) => {
        this.logger.warn(`replay for a reconnecting client failed: ${error.message}`);
        return [];
      });
      for (const notice of missed) this.send(client, 'ticket', toTicketChangeEventDto(notice), notice.id);
    }
  }

  /** Every 20 s: a comment that keeps proxies from timing the stream out, and a re-check of each client's session. */
  async heartbeat(): Promise<void> {
    for (const client of this.clients) client.connection.write(formatComment('heartbeat'));
    const bySession = new Map<string, StreamClient[]>();
    for (const client of this.clients) {
      const id = client.user.sessionId;
      if (id) bySession.set(id, [...(bySession.get(id) ?? []), client]);
    }
    if (!bySession.size) return;
    const valid = await this.sessions.stillValid([...bySession.keys()]).catch(() => null);
    if (!valid) return;
    // Signed out, idle, expired or deactivated: the browser reconnects and gets a 401.
    for (const [id, clients] of bySession) if (!valid.has(id)) for (const client of clients) client.connection.close();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    if (this.presenceFlush) clearTimeout(this.presenceFlush);
    for (const client of this.clients) client.connection.close();
    await this.listener?.stop();
  }

  /**
   * The one place that decides whether a client may see something about a ticket. Every staff
   * member sees every ticket today (as TicketsService.findAccessible); narrow both together.
   */
  private mayReceive(_user: RequestUser, _ticketId: string): boolean {
    return true;
  }

  private listen(): Promise<void> {
    if (!this.listener) {
      const options = {
        databaseUrl: this.databaseUrl,
        channels: [EVENTS_CHANNEL, PRESENCE_CHANNEL],
        name: 'newsdesk-listener-events',
        connectTimeoutMs: this.config.DB_CONNECT_TIMEOUT_MS,
        keepaliveMs: this.config.DB_LISTENER_KEEPALIVE_MS,
      };
      this.listener = new ListenerConnection(options, {
        notification: (channel, payload) => this.onNotification(channel, payload),
        connected: (reconnected) => this.onConnected(reconnected),
        lost: (error, retryInMs) => this.logger.warn(`live-update listener lost (${error.message}); reconnecting in ${retryInMs} ms`),
      });
      this.timers = [
        setInterval(() => void this.heartbeat().catch(() => undefined), HEARTBEAT_MS),
        // Any replica with clients sweeps; each expired row is deleted (and announced) once.
        setInterval(() => void this.presence.sweep().catch(() => undefined), PRESENCE_SWEEP_MS),
      ];
      for (const timer of this.timers) timer.unref();
    }
    return this.listener.startWithin(LISTEN_WAIT_MS);
  }

  private async onConnected(reconnected: boolean): Promise<void> {
    if (!reconnected || this.lastEventId === null) {
      const max = await this.events.lastId();
      if (this.lastEventId === null || BigInt(max) > this.lastEventId) this.lastEventId = BigInt(max);
      return;
    }
    this.logger.log('live-update listener reconnected; replaying missed ticket events');
    for (const notice of await this.eventsAfter(this.lastEventId)) this.deliverTicketEvent(notice);
  }

  private onNotification(channel: string, payload: string): void {
    if (channel === EVENTS_CHANNEL) {
      for (const notice of parseTicketEventNotices(payload)) this.deliverTicketEvent(notice);
    } else if (channel === PRESENCE_CHANNEL && isUuid(payload)) {
      this.pendingPresence.add(payload);
      // Arrivals and departures close together go out as one presence event per ticket.
      this.presenceFlush ??= setTimeout(() => void this.flushPresence(), 25);
    }
  }

  private deliverTicketEvent(notice: TicketEventNotice): void {
    const id = BigInt(notice.id);
    if (this.lastEventId === null || id > this.lastEventId) this.lastEventId = id;
    const event = toTicketChangeEventDto(notice);
    for (const client of this.clients) if (this.mayReceive(client.user, event.ticketId)) this.send(client, 'ticket', event, notice.id);
  }

  private async flushPresence(): Promise<void> {
    this.presenceFlush = null;
    const ticketIds = [...this.pendingPresence];
    this.pendingPresence.clear();
    if (!this.clients.size) return;
    for (const ticketId of ticketIds) {
      const presence = await this.presence.viewers(ticketId).catch((error: Error) => {
        this.logger.warn(`reading presence of ${ticketId} failed: ${error.message}`);
        return null;
      });
      if (!presence) continue;
      for (const client of this.clients) if (this.mayReceive(client.user, ticketId)) this.send(client, 'presence', presence);
    }
  }

  private send<T extends StreamEventType>(client: StreamClient, type: T, data: StreamEventMap[T], id?: string): void {
    client.connection.write(formatEvent(type, data, id));
  }

  private eventsAfter(afterId: bigint): Promise<TicketEventNotice[]> {
    return this.events.ticketEventsAfter(afterId.toString(), REPLAY_WINDOW_MINUTES, REPLAY_LIMIT);
  }
}
