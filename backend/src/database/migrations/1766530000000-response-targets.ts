import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * First-response targets per outlet tier and request type, counted in office time. Each ticket
 * stores the target it is held to and when it falls due (a trigger computes both on insert and when
 * the ticket's outlet, type or receipt time changes), and the officer holding it when the first
 * response went out, so hits and breaches are two stored columns compared, never office time
 * recomputed per read.
 */
export class ResponseTargets1766530000000 implements MigrationInterface {
  name = 'ResponseTargets1766530000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE response_targets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tier text CHECK (tier IN ('national', 'regional', 'local', 'trade', 'international', 'other')),
        request_type text CHECK (request_type IN ('comment', 'interview', 'data', 'background', 'other')),
        minutes integer NOT NULL CHECK (minutes BETWEEN 1 AND 43200),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One target per scope; the default (no tier, no type) included.
    await db.query(`CREATE UNIQUE INDEX response_targets_scope_idx ON response_targets ((coalesce(tier, '')), (coalesce(request_type, '')))`);

    // The office calendar targets are counted in (written at start from OFFICE_HOURS; empty = round the clock).
    await db.query(`
      CREATE TABLE office_calendar (
        day date PRIMARY KEY,
        opens_at timestamptz NOT NULL,
        closes_at timestamptz NOT NULL,
        seconds_before bigint NOT NULL,
        seconds_through bigint NOT NULL
      )`);
    await db.query(`CREATE INDEX office_calendar_opens_idx ON office_calendar (opens_at)`);
    await db.query(`CREATE INDEX office_calendar_through_idx ON office_calendar (seconds_through, day)`);
    await db.query(`
      CREATE TABLE office_calendar_state (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        fingerprint text NOT NULL
      )`);

    // The instant `minutes` of office time after `start`: business seconds at start are one lookup,
    // the day that holds start + minutes another (the first whose running total reaches it).
    await db.query(`
      CREATE FUNCTION office_due_at(start timestamptz, minutes integer) RETURNS timestamptz
      LANGUAGE plpgsql STABLE AS $$
      DECLARE
        c office_calendar%ROWTYPE;
        d office_calendar%ROWTYPE;
        target numeric;
      BEGIN
        IF start IS NULL OR minutes IS NULL THEN RETURN NULL; END IF;
        SELECT * INTO c FROM office_calendar WHERE opens_at <= start ORDER BY opens_at DESC LIMIT 1;
        IF NOT FOUND THEN
          RETURN start + minutes * interval '1 minute';
        END IF;
        target := c.seconds_before + extract(epoch FROM least(start, c.closes_at) - c.opens_at) + minutes * 60;
        SELECT * INTO d FROM office_calendar WHERE seconds_through >= target ORDER BY seconds_through, day LIMIT 1;
        IF NOT FOUND THEN RETURN NULL; END IF;
        RETURN d.opens_at + (target - d.seconds_before) * interval '1 second';
      END $$`);

    // Most specific wins: tier and type, then type, then tier, then the default.
    await db.query(`
      CREATE FUNCTION response_target_minutes(outlet uuid, kind text) RETURNS integer
      LANGUAGE sql STABLE AS $$
        SELECT r.minutes FROM response_targets r
         WHERE (r.tier IS NULL OR r.tier = (SELECT o.tier FROM outlets o WHERE o.id = outlet))
           AND (r.request_type IS NULL OR r.request_type = kind)
         ORDER BY (r.tier IS NOT NULL AND r.request_type IS NOT NULL) DESC, (r.request_type IS NOT NULL) DESC, (r.tier IS NOT NULL) DESC
         LIMIT 1
      $$`);

    await db.query(`ALTER TABLE tickets ADD COLUMN target_minutes integer`);
    await db.query(`ALTER TABLE tickets ADD COLUMN target_due_at timestamptz`);
    await db.query(`ALTER TABLE tickets ADD COLUMN target_officer_id uuid REFERENCES users (id) ON DELETE SET NULL`);
    // Hits and breaches are read by due time, counted from the index alone (officer, outlet, reply time included).
    await db.query(`
      CREATE INDEX tickets_target_due_idx ON tickets (target_due_at, id)
      INCLUDE (first_response_at, target_officer_id, assignee_id, outlet_id) WHERE target_due_at IS NOT NULL`);

    await db.query(`
      CREATE FUNCTION tickets_response_target() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' OR NEW.outlet_id IS DISTINCT FROM OLD.outlet_id OR NEW.request_type IS DISTINCT FROM OLD.request_type
           OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
          NEW.target_minutes := response_target_minutes(NEW.outlet_id, NEW.request_type);
          NEW.target_due_at := office_due_at(NEW.created_at, NEW.target_minutes);
        END IF;
        IF TG_OP = 'INSERT' OR NEW.first_response_at IS DISTINCT FROM OLD.first_response_at THEN
          NEW.target_officer_id := CASE WHEN NEW.first_response_at IS NULL THEN NULL ELSE NEW.assignee_id END;
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER tickets_response_target BEFORE INSERT OR UPDATE OF outlet_id, request_type, created_at, first_response_at ON tickets
      FOR EACH ROW EXECUTE FUNCTION tickets_response_target()`);

    // An outlet moved to another tier moves the targets of its tickets still waiting for an answer.
    await db.query(`
      CREATE FUNCTION outlets_response_target() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE tickets t SET target_minutes = m.minutes, target_due_at = office_due_at(t.created_at, m.minutes)
          FROM (SELECT id, response_target_minutes(outlet_id, request_type) AS minutes FROM tickets
                 WHERE outlet_id = NEW.id AND first_response_at IS NULL AND status IN ('new', 'open', 'pending')) m
         WHERE t.id = m.id AND t.target_minutes IS DISTINCT FROM m.minutes;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER outlets_response_target AFTER UPDATE OF tier ON outlets
      FOR EACH ROW WHEN (OLD.tier IS DISTINCT FROM NEW.tier) EXECUTE FUNCTION outlets_response_target()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER outlets_response_target ON outlets`);
    await db.query(`DROP FUNCTION outlets_response_target`);
    await db.query(`DROP TRIGGER tickets_response_target ON tickets`);
    await db.query(`DROP FUNCTION tickets_response_target`);
    await db.query(`DROP INDEX tickets_target_due_idx`);
    await db.query(`ALTER TABLE tickets DROP COLUMN target_officer_id, DROP COLUMN target_due_at, DROP COLUMN target_minutes`);
    await db.query(`DROP FUNCTION response_target_minutes`);
    await db.query(`DROP FUNCTION office_due_at`);
    await db.query(`DROP TABLE office_calendar_state`);
    await db.query(`DROP TABLE office_calendar`);
    await db.query(`DROP TABLE response_targets`);
  }
}
