import type { MigrationInterface, QueryRunner } from 'typeorm';

const COUNTERS = [
  'received',
  'no_deadline',
  'acknowledged',
  'first_responses',
  'resolved',
  'reopened_resolved',
  'reopens',
  'deadlines_met',
  'deadlines_missed',
  'deadlines_pending',
  'assigned',
  'backlog_change',
];

/**
 * Breakdowns by tier read stored tier rows (they added up every outlet's histograms: about 15,000 a
 * year), and ranges read whole ISO weeks where a month does not fit (fewer edge days). Both are
 * derived here from the stored outlet and day rows, so no full rebuild is needed; an outlet changing
 * tier marks the tier rows stale. The rollup tables are rewritten in key order (a breakdown reads
 * one dimension's rows of a few periods) and analysed.
 */
export class MetricTierAndWeekRollups1766520000000 implements MigrationInterface {
  name = 'MetricTierAndWeekRollups1766520000000';

  async up(db: QueryRunner): Promise<void> {
    const counters = COUNTERS.join(', ');
    const sums = COUNTERS.map((column) => `sum(${column})::int`).join(', ');
    await db.query(`ALTER TABLE metric_rollups DROP CONSTRAINT IF EXISTS metric_rollups_dimension_check`);
    await db.query(`ALTER TABLE metric_rollups DROP CONSTRAINT IF EXISTS metric_rollups_grain_check`);
    await db.query(
      `ALTER TABLE metric_rollups ADD CONSTRAINT metric_rollups_dimension_check CHECK (dimension IN ('all', 'officer', 'outlet', 'tier', 'topic', 'channel', 'request_type'))`,
    );
    await db.query(`ALTER TABLE metric_rollups ADD CONSTRAINT metric_rollups_grain_check CHECK (grain IN ('day', 'week', 'month'))`);
    await db.query(`ALTER TABLE metric_rollup_state ADD COLUMN tiers_stale boolean NOT NULL DEFAULT false`);
    await db.query(`
      CREATE FUNCTION metrics_mark_tiers() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE metric_rollup_state SET tiers_stale = true WHERE NOT tiers_stale;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER outlets_metrics_tier AFTER UPDATE OF tier ON outlets
      FOR EACH ROW WHEN (OLD.tier IS DISTINCT FROM NEW.tier) EXECUTE FUNCTION metrics_mark_tiers()`);

    // Tier rows of every stored day and month, from the outlet rows and today's tiers.
    await db.query(`
      INSERT INTO metric_rollups (dimension, grain, period, key, ${counters})
      SELECT 'tier', r.grain, r.period, coalesce(o.tier, ''), ${sums}
        FROM metric_rollups r LEFT JOIN outlets o ON o.id::text = r.key
       WHERE r.dimension = 'outlet' GROUP BY 2, 3, 4`);
    await db.query(`
      INSERT INTO metric_rollup_histograms (dimension, grain, period, key, measure, bins, counts)
      SELECT 'tier', grain, period, tier, measure, array_agg(bin ORDER BY bin), array_agg(n ORDER BY bin)
        FROM (SELECT h.grain, h.period, coalesce(o.tier, '') AS tier, h.measure, u.bin, sum(u.n)::int AS n
                FROM metric_rollup_histograms h LEFT JOIN outlets o ON o.id::text = h.key, unnest(h.bins, h.counts) u(bin, n)
               WHERE h.dimension = 'outlet' GROUP BY 1, 2, 3, 4, 5) merged
       GROUP BY grain, period, tier, measure`);

    // Week rows (ISO weeks, Monday first) of every stored closed day, every dimension.
    const week = `date_trunc('week', period::timestamp)::date`;
    await db.query(`
      INSERT INTO metric_rollups (dimension, grain, period, key, ${counters})
      SELECT dimension, 'week', ${week}, key, ${sums}
        FROM metric_rollups, metric_rollup_state s
       WHERE grain = 'day' AND period <= s.closed_through GROUP BY dimension, ${week}, key`);
    await db.query(`
      INSERT INTO metric_rollup_histograms (dimension, grain, period, key, measure, bins, counts)
      SELECT dimension, 'week', w, key, measure, array_agg(bin ORDER BY bin), array_agg(n ORDER BY bin)
        FROM (SELECT h.dimension, date_trunc('week', h.period::timestamp)::date AS w, h.key, h.measure, u.bin, sum(u.n)::int AS n
                FROM metric_rollup_histograms h, unnest(h.bins, h.counts) u(bin, n), metric_rollup_state s
               WHERE h.grain = 'day' AND h.period <= s.closed_through GROUP BY 1, 2, 3, 4, 5) merged
       GROUP BY dimension, w, key, measure`);

    await db.query(`CLUSTER metric_rollups USING metric_rollups_pkey`);
    await db.query(`CLUSTER metric_rollup_histograms USING metric_rollup_histograms_pkey`);
    await db.query(`ANALYZE metric_rollups, metric_rollup_histograms`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM metric_rollup_histograms WHERE dimension = 'tier' OR grain = 'week'`);
    await db.query(`DELETE FROM metric_rollups WHERE dimension = 'tier' OR grain = 'week'`);
    await db.query(`DROP TRIGGER outlets_metrics_tier ON outlets`);
    await db.query(`DROP FUNCTION metrics_mark_tiers`);
    await db.query(`ALTER TABLE metric_rollup_state DROP COLUMN tiers_stale`);
    await db.query(`ALTER TABLE metric_rollups DROP CONSTRAINT metric_rollups_grain_check`);
    await db.query(`ALTER TABLE metric_rollups DROP CONSTRAINT metric_rollups_dimension_check`);
    await db.query(
      `ALTER TABLE metric_rollups ADD CONSTRAINT metric_rollups_dimension_check CHECK (dimension IN ('all', 'officer', 'outlet', 'topic', 'channel', 'request_type'))`,
    );
    await db.query(`ALTER TABLE metric_rollups ADD CONSTRAINT metric_rollups_grain_check CHECK (grain IN ('day', 'month'))`);
  }
}
