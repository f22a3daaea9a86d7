import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { sqlExec, sqlRow, sqlRows } from '../database/sql.js';

/** A team with its members' ids and names, by name. */
export interface TeamRow {
  id: string;
  name: string;
  members: { id: string; name: string }[];
}

/** The teams and team_members tables. */
@Injectable()
export class TeamsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every team with its members (their names joined from users), by team name. */
  findAll(): Promise<TeamRow[]> {
    return sqlRows<TeamRow>(
      this.dataSource,
      `SELECT t.id, t.name, coalesce(json_agg(json_build_object('id', u.id, 'name', u.name) ORDER BY u.name) FILTER (WHERE u.id IS NOT NULL), '[]') AS members
         FROM teams t LEFT JOIN team_members m ON m.team_id = t.id LEFT JOIN users_view u ON u.id = m.user_id
        GROUP BY t.id ORDER BY t.name`,
    );
  }

  /** Inserts a team unless one has the name (case-insensitive); null when the name is taken. */
  async insertUnlessNameTaken(tx: EntityManager, name: string): Promise<string | null> {
    const row = await sqlRow<{ id: string }>(tx, `INSERT INTO teams (name) VALUES ($1) ON CONFLICT ((lower(name))) DO NOTHING RETURNING id`, [name]);
    return row?.id ?? null;
  }

  async isNameTaken(tx: EntityManager, name: string, exceptId: string): Promise<boolean> {
    return !!(await sqlRow(tx, `SELECT 1 FROM teams WHERE lower(name) = lower($1) AND id <> $2`, [name, exceptId]));
  }

  async rename(tx: EntityManager, id: string, name: string): Promise<void> {
    await sqlExec(tx, `UPDATE teams SET name = $2, updated_at = now() WHERE id = $1`, [id, name]);
  }

  async delete(tx: EntityManager, id: string): Promise<void> {
    await sqlExec(tx, `DELETE FROM teams WHERE id = $1`, [id]);
  }

  /**
   * The team's members become exactly these users: only those who leave are deleted and only those who join inserted,
   * so saving a team unchanged touches no row (a change of members makes the metrics' team rows be computed again).
   */
  async replaceMembers(tx: EntityManager, teamId: string, userIds: string[]): Promise<void> {
    await sqlExec(tx, `DELETE FROM team_members WHERE team_id = $1 AND user_id <> ALL($2::uuid[])`, [teamId, userIds]);
    await sqlExec(tx, `INSERT INTO team_members (team_id, user_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`, [teamId, userIds]);
  }
}
