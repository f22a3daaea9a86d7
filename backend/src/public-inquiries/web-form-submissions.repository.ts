import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { ADVISORY_LOCKS } from '../database/advisory-locks.js';
import { sqlExec, sqlRow } from '../database/sql.js';

/** Submissions in the last hour from one network and one address, and when the oldest of each leaves the window. */
export interface SubmissionCountsRow {
  ip_count: number;
  email_count: number;
  ip_retry: number | null;
  email_retry: number | null;
}

/** The SQL of web_form_submissions (keyed hashes only): typed rows in and out, no decisions. */
@Injectable()
export class WebFormSubmissionsRepository {
  /** Serialises check-and-count across replicas until the transaction ends; the form is far too quiet for this lock to queue. */
  async lockCounting(tx: EntityManager): Promise<void> {
    await sqlExec(tx, 'SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCKS.webFormThrottle]);
  }

  async countLastHour(tx: EntityManager, ipKey: string, emailKey: string): Promise<SubmissionCountsRow> {
    const row = await sqlRow<SubmissionCountsRow>(
      tx,
      `SELECT count(*) FILTER (WHERE ip_key = $1)::int AS ip_count,
              count(*) FILTER (WHERE email_key = $2)::int AS email_count,
              ceil(extract(epoch FROM min(created_at) FILTER (WHERE ip_key = $1) + interval '1 hour' - now()))::int AS ip_retry,
              ceil(extract(epoch FROM min(created_at) FILTER (WHERE email_key = $2) + interval '1 hour' - now()))::int AS email_retry
         FROM web_form_submissions
        WHERE (ip_key = $1 OR email_key = $2) AND created_at > now() - interval '1 hour'`,
      [ipKey, emailKey],
    );
    return row ?? { ip_count: 0, email_count: 0, ip_retry: null, email_retry: null };
  }

  /** Counts one submission and forgets those older than a day. */
  async insertAndPrune(tx: EntityManager, ipKey: string, emailKey: string): Promise<void> {
    await sqlExec(tx, 'INSERT INTO web_form_submissions (ip_key, email_key) VALUES ($1, $2)', [ipKey, emailKey]);
    await sqlExec(tx, `DELETE FROM web_form_submissions WHERE created_at < now() - interval '1 day'`);
  }

  /** Every count of these (keyed) addresses. */
  async deleteByEmailKeys(tx: EntityManager, emailKeys: string[]): Promise<void> {
    await sqlExec(tx, `DELETE FROM web_form_submissions WHERE email_key = ANY($1::text[])`, [emailKeys]);
  }
}
