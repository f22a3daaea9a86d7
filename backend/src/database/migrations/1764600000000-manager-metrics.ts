import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Manager metrics: teams, the weekly-digest switch, the office calendar, stored daily and monthly
 * rollups with duration histograms, and the triggers that mark rollup days stale when a ticket changes.
 * Definitions: docs/metrics.md.
 */
export class ManagerMetrics1764600000000 implements MigrationInterface {
  name = 'ManagerMetrics1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE teams (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX teams_name_key ON teams (lower(name))`);
    await db.query(`
      CREATE TABLE team_members (
        team_id uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        PRIMARY KEY (team_id, user_id)
      )`);
    await db.query(`CREATE INDEX team_members_user_idx ON team_members (user_id)`);

    await db.query(`ALTER TABLE users ADD COLUMN notify_weekly_digest boolean NOT NULL DEFAULT false`);

    // Metric moments are looked up by time: one index per moment.
    await db.query(`CREATE INDEX tickets_acknowledged_idx ON tickets (acknowledged_at) WHERE acknowledged_at IS NOT NULL`);
    await db.query(`CREATE INDEX tickets_first_response_idx ON tickets (first_response_at) WHERE first_response_at IS NOT NULL`);
    await db.query(`CREATE INDEX tickets_resolved_idx ON tickets (resolved_at) WHERE resolved_at IS NOT NULL`);
    await db.query(`CREATE INDEX tickets_deadline_at_idx ON tickets (deadline_at) WHERE deadline_at IS NOT NULL`);

    // Office opening hours per local day (empty when OFFICE_HOURS is unset), with the open
    // seconds of all earlier days, so business time between two instants is two lookups.
    await db.query(`
      CREATE TABLE metric_office_calendar (
        day date PRIMARY KEY,
        opens_at timestamptz NOT NULL,
        closes_at timestamptz NOT NULL,
        seconds_before bigint NOT NULL
      )`);

    await db.query(`
      CREATE TABLE metric_rollups (
        dimension text NOT NULL CHECK (dimension IN ('all', 'officer', 'outlet', 'topic', 'channel', 'request_type')),
        grain text NOT NULL CHECK (grain IN ('day', 'month')),
        period date NOT NULL,
        key text NOT NULL,
        received integer NOT NULL DEFAULT 0,
        no_deadline integer NOT NULL DEFAULT 0,
        acknowledged integer NOT NULL DEFAULT 0,
        first_responses integer NOT NULL DEFAULT 0,
        resolved integer NOT NULL DEFAULT 0,
        reopened_resolved integer NOT NULL DEFAULT 0,
        reopens integer NOT NULL DEFAULT 0,
        deadlines_met integer NOT NULL DEFAULT 0,
        deadlines_missed integer NOT NULL DEFAULT 0,
        assigned integer NOT NULL DEFAULT 0,
        backlog_change integer NOT NULL DEFAULT 0,
        PRIMARY KEY (dimension, grain, period, key)
      )`);
    // Sparse histograms of durations: bins (see metrics_bin) and the number of tickets in each.
    await db.query(`
      CREATE TABLE metric_rollup_histograms (
        dimension text NOT NULL,
        grain text NOT NULL,
        period date NOT NULL,
        key text NOT NULL,
        measure text NOT NULL CHECK (measure IN ('acknowledge', 'first_response', 'resolution', 'first_response_business', 'resolution_business')),
        bins smallint[] NOT NULL,
        counts integer[] NOT NULL,
        PRIMARY KEY (dimension, grain, period, key, measure)
      )`);
    await db.query(`
      CREATE TABLE metric_rollup_state (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        time_zone text,
        calendar text,
        closed_through date,
        rebuilt_at timestamptz
      )`);
    await db.query(`INSERT INTO metric_rollup_state (id) VALUES (true)`);
    // Instants (15-minute slots) whose office day needs its rollup recomputed; appended, never contended.
    await db.query(`
      CREATE TABLE metric_dirty (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL
      )`);

    // Duration bins: to the second under 2 min, the minute under 2 h, 5 min under 1 day,
    // the hour under 7 days, 6 h under 60 days, then one bin for 60 days or more.
    await db.query(`
      CREATE FUNCTION metrics_bin(seconds double precision) RETURNS smallint
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT (CASE
          WHEN seconds < 120 THEN greatest(floor(seconds), 0)
          WHEN seconds < 7200 THEN 120 + floor((seconds - 120) / 60)
          WHEN seconds < 86400 THEN 238 + floor((seconds - 7200) / 300)
          WHEN seconds < 604800 THEN 502 + floor((seconds - 86400) / 3600)
          WHEN seconds < 5184000 THEN 646 + floor((seconds - 604800) / 21600)
          ELSE 858 END)::smallint
      $$`);
    await db.query(`
      CREATE FUNCTION metrics_bin_floor(bin integer) RETURNS integer
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE
          WHEN bin < 120 THEN bin
          WHEN bin < 238 THEN 120 + (bin - 120) * 60
          WHEN bin < 502 THEN 7200 + (bin - 238) * 300
          WHEN bin < 646 THEN 86400 + (bin - 502) * 3600
          WHEN bin < 858 THEN 604800 + (bin - 646) * 21600
          ELSE 5184000 END
      $$`);

    // Any change to what the metrics read marks the instants it touches (old and new values, and
    // now for status transitions); a dimension change also marks the days of the ticket's events.
    await db.query(`
      CREATE FUNCTION metrics_mark_tickets() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO metric_dirty (at)
          SELECT DISTINCT date_bin('15 minutes', x, '2000-01-01') FROM new_rows n,
                 LATERAL (VALUES (n.created_at), (n.acknowledged_at), (n.first_response_at), (n.resolved_at), (n.deadline_at)) v(x)
           WHERE x IS NOT NULL;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO metric_dirty (at)
          SELECT DISTINCT date_bin('15 minutes', x, '2000-01-01') FROM (
            SELECT x FROM old_rows o,
                   LATERAL (VALUES (o.created_at), (o.acknowledged_at), (o.first_response_at), (o.resolved_at), (o.deadline_at)) v(x)
            UNION ALL
            SELECT e.created_at FROM old_rows o JOIN events e ON e.ticket_id = o.id
          ) s WHERE x IS NOT NULL;
        ELSE
          INSERT INTO metric_dirty (at)
          SELECT DISTINCT date_bin('15 minutes', x, '2000-01-01') FROM (
            SELECT x FROM old_rows o JOIN new_rows n ON n.id = o.id,
                   LATERAL (VALUES (o.created_at), (n.created_at), (o.acknowledged_at), (n.acknowledged_at),
                                   (o.first_response_at), (n.first_response_at), (o.resolved_at), (n.resolved_at),
                                   (o.deadline_at), (n.deadline_at), (now())) v(x)
             WHERE (o.status, o.assignee_id, o.outlet_id, o.tags, o.channel, o.request_type, o.created_at, o.acknowledged_at,
                    o.first_response_at, o.resolved_at, o.deadline_at, o.reopen_count)
                   IS DISTINCT FROM
                   (n.status, n.assignee_id, n.outlet_id, n.tags, n.channel, n.request_type, n.created_at, n.acknowledged_at,
                    n.first_response_at, n.resolved_at, n.deadline_at, n.reopen_count)
            UNION ALL
            SELECT e.created_at FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN events e ON e.ticket_id = n.id
             WHERE (o.assignee_id, o.outlet_id, o.tags, o.channel, o.request_type)
                   IS DISTINCT FROM (n.assignee_id, n.outlet_id, n.tags, n.channel, n.request_type)
          ) s WHERE x IS NOT NULL;
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER tickets_metrics_insert AFTER INSERT ON tickets
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION metrics_mark_tickets()`);
    await db.query(`
      CREATE TRIGGER tickets_metrics_update AFTER UPDATE ON tickets
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION metrics_mark_tickets()`);
    await db.query(`
      CREATE TRIGGER tickets_metrics_delete AFTER DELETE ON tickets
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION metrics_mark_tickets()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER tickets_metrics_delete ON tickets`);
    await db.query(`DROP TRIGGER tickets_metrics_update ON tickets`);
    await db.query(`DROP TRIGGER tickets_metrics_insert ON tickets`);
    await db.query(`DROP FUNCTION metrics_mark_tickets`);
    await db.query(`DROP FUNCTION metrics_bin_floor`);
    await db.query(`DROP FUNCTION metrics_bin`);
    await db.query(`DROP TABLE metric_dirty`);
    await db.query(`DROP TABLE metric_rollup_state`);
    await db.query(`DROP TABLE metric_rollup_histograms`);
    await db.query(`DROP TABLE metric_rollups`);
    await db.query(`DROP TABLE metric_office_calendar`);
    await db.query(`DROP INDEX tickets_deadline_at_idx`);
    await db.query(`DROP INDEX tickets_resolved_idx`);
    await db.query(`DROP INDEX tickets_first_response_idx`);
    await db.query(`DROP INDEX tickets_acknowledged_idx`);
    await db.query(`ALTER TABLE users DROP COLUMN notify_weekly_digest`);
    await db.query(`DROP TABLE team_members`);
    await db.query(`DROP TABLE teams`);
  }
}
