import type { MigrationInterface, QueryRunner } from 'typeorm';

const SINGLE = ['all', 'officer', 'outlet', 'tier', 'topic', 'channel', 'request_type'];
const PAIRS = ['officer_outlet', 'officer_tier', 'officer_channel', 'officer_request_type', 'officer_topic', 'outlet_topic', 'tier_topic'];
const list = (names: string[]) => names.map((name) => `'${name}'`).join(', ');

/**
 * Team × outlet rows (`team_outlet`, key: the team's id or '', a unit separator, the outlet's id or ''), stored at
 * every grain like the pairs, from each fact's officer's teams now: a team's breakdown by outlet read a row per
 * member and outlet (13 months at 1M tickets: 17,900 counter rows and 33,300 histograms for a team of five), now a
 * row per outlet. A change to a team's members marks them stale (`teams_stale`, set by a trigger on team_members,
 * as outlets mark the tier rows), and the next refresh computes them again from the stored facts; this migration
 * marks them so, and the first refresh computes them.
 */
export class MetricTeamOutletRollups1766930000001 implements MigrationInterface {
  name = 'MetricTeamOutletRollups1766930000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE metric_rollups DROP CONSTRAINT metric_rollups_dimension_check`);
    await db.query(`ALTER TABLE metric_rollups ADD CONSTRAINT metric_rollups_dimension_check CHECK (dimension IN (${list([...SINGLE, ...PAIRS, 'team_outlet'])}))`);
    await db.query(`ALTER TABLE metric_rollup_state ADD COLUMN teams_stale boolean NOT NULL DEFAULT false`);
    await db.query(`UPDATE metric_rollup_state SET teams_stale = true`);
    await db.query(`
      CREATE FUNCTION metrics_mark_teams() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE metric_rollup_state SET teams_stale = true WHERE NOT teams_stale;
        RETURN NULL;
      END $$`);
    await db.query(`CREATE TRIGGER team_members_metrics_teams AFTER INSERT OR UPDATE OR DELETE ON team_members FOR EACH STATEMENT EXECUTE FUNCTION metrics_mark_teams()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER team_members_metrics_teams ON team_members`);
    await db.query(`DROP FUNCTION metrics_mark_teams()`);
    await db.query(`ALTER TABLE metric_rollup_state DROP COLUMN teams_stale`);
    await db.query(`DELETE FROM metric_rollup_histograms WHERE dimension = 'team_outlet'`);
    await db.query(`DELETE FROM metric_rollups WHERE dimension = 'team_outlet'`);
    await db.query(`ALTER TABLE metric_rollups DROP CONSTRAINT metric_rollups_dimension_check`);
    await db.query(`ALTER TABLE metric_rollups ADD CONSTRAINT metric_rollups_dimension_check CHECK (dimension IN (${list([...SINGLE, ...PAIRS])}))`);
  }
}
