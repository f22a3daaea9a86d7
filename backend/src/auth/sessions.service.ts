import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { AppSecrets } from '../config/app-secrets.js';
import { User } from '../users/user.entity.js';
import { PrincipalCache } from './principal-cache.js';
import type { Session } from './session.entity.js';
import { SessionsRepository, type SessionUserRow } from './sessions.repository.js';

const TOUCH_INTERVAL_MS = 60_000;

export type SessionLookup =
  | {
      status: 'valid';
      session: Pick<SessionUserRow, 'id' | 'csrfToken' | 'expiresAt'>;
      user: Pick<User, 'id' | 'email' | 'name' | 'role'>;
      /** Whether the user has confirmed a second factor (the guard's enrolment check needs no further read). */
      totpConfirmed: boolean;
    }
  | { status: 'expired' }
  | { status: 'invalid' };

/** Server-side sessions: a random cookie token, its keyed hash in PostgreSQL, idle and absolute timeouts. */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly secrets: AppSecrets,
    private readonly repository: SessionsRepository,
    private readonly principals: PrincipalCache,
    private readonly clock: Clock,
  ) {}

  get cookieName(): string {
    // The __Host- prefix pins the cookie to this origin over HTTPS.
    return this.config.secureCookies ? '__Host-nd_session' : 'nd_session';
  }

  /** Creates a fresh session in its own transaction and sets the cookie (see startIn). */
  start(user: User, request: FastifyRequest, reply: FastifyReply): Promise<Session> {
    return this.dataSource.transaction((tx) => this.startIn(tx, user, request, reply));
  }

  /** Creates a fresh session in the caller's transaction (rotation: any session the request carried is ended) and sets the cookie. */
  async startIn(tx: EntityManager, user: User, request: FastifyRequest, reply: FastifyReply): Promise<Session> {
    const previous = this.readToken(request);
    if (previous) await this.repository.deleteByTokenHash(tx, this.secrets.hashToken(previous));
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.SESSION_ABSOLUTE_HOURS * 3600_000);
    const session = await this.repository.insert(tx, {
      tokenHash: this.secrets.hashToken(token),
      userId: user.id,
      csrfToken: randomBytes(32).toString('base64url'),
      lastSeenAt: now,
      expiresAt,
      ip: request.ip,
      userAgent: String(request.headers['user-agent'] ?? '').slice(0, 500) || null,
    });
    void reply.setCookie(this.cookieName, token, {
      httpOnly: true,
      secure: this.config.secureCookies,
      sameSite: 'lax',
      path: '/',
      signed: true,
      expires: expiresAt,
    });
    await this.repository.deleteExpiredOf(tx, user.id, now);
    return session;
  }

  /** One indexed read by the cookie token's HMAC; a write only to end an expired session or, once a minute, to record activity. */
  async lookup(request: FastifyRequest): Promise<SessionLookup> {
    const token = this.readToken(request);
    if (!token) return { status: 'invalid' };
    const hash = this.secrets.hashToken(token);
    const now = this.clock.now().getTime();
    // A remembered row serves only while it needs no write and has not expired: the rules below decide as on a fresh read.
    const row = await this.principals.read(`session:${hash}`, () => this.repository.findWithUser(hash), (cached) => now - cached.lastSeenAt.getTime() <= TOUCH_INTERVAL_MS && now <= cached.expiresAt.getTime());
    if (!row) return { status: 'invalid' };
    const idleLimit = row.lastSeenAt.getTime() + this.config.SESSION_IDLE_MINUTES * 60_000;
    if (now > idleLimit || now > row.expiresAt.getTime()) {
      await this.repository.delete(row.id);
      return { status: 'expired' };
    }
    if (now - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) await this.repository.touch(row.id, new Date(now));
    return {
      status: 'valid',
      session: { id: row.id, csrfToken: row.csrfToken, expiresAt: row.expiresAt },
      user: { id: row.userId, email: row.email, name: row.name, role: row.role },
      totpConfirmed: row.totpConfirmed,
    };
  }

  /** Which of these sessions are still valid (not ended, idle or expired; user active), without counting as activity: for long-lived streams. */
  async stillValid(ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    return new Set(await this.repository.findStillValid(ids, this.config.SESSION_IDLE_MINUTES, this.clock.now()));
  }

  async end(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const token = this.readToken(request);
    if (token) await this.dataSource.transaction((tx) => this.repository.deleteByTokenHash(tx, this.secrets.hashToken(token)));
    void reply.clearCookie(this.cookieName, { path: '/', secure: this.config.secureCookies, httpOnly: true, sameSite: 'lax' });
  }

  private readToken(request: FastifyRequest): string | null {
    const raw = request.cookies?.[this.cookieName];
    if (!raw) return null;
    const unsigned = request.unsignCookie(raw);
    return unsigned.valid && unsigned.value ? unsigned.value : null;
  }
}
