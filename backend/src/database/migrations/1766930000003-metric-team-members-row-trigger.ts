import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The team rows are marked stale for each member row inserted, updated or deleted, not for each statement on
 * team_members: a statement that touches no row (saving a team with the same members, which the teams repository now
 * does without deleting and inserting them again) leaves them current. Computing them again takes about 3 min at
 * 1M tickets, during which metric reads wait.
 */
export class MetricTeamMembersRowTrigger1766930000003 implements MigrationInterface {
  name = 'MetricTeamMembersRowTrigger1766930000003';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER team_members_metrics_teams ON team_members`);
    await db.query(`CREATE TRIGGER team_members_metrics_teams AFTER INSERT OR UPDATE OR DELETE ON team_members FOR EACH ROW EXECUTE FUNCTION metrics_mark_teams()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER team_members_metrics_teams ON team_members`);
    await db.query(`CREATE TRIGGER team_members_metrics_teams AFTER INSERT OR UPDATE OR DELETE ON team_members FOR EACH STATEMENT EXECUTE FUNCTION metrics_mark_teams()`);
  }
}
