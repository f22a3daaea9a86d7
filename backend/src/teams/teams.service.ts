import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { TeamDto } from '@newsdesk/shared';
import { DataSource, type EntityManager } from 'typeorm';
import type { RequestUser } from '../common/request-user.js';
import { isUuid } from '../common/ids.js';
import { EventsService } from '../events/events.service.js';
import { UsersService } from '../users/users.service.js';
import type { CreateTeamDto, UpdateTeamDto } from './dto/team.dto.js';

/** Teams of officers: what "metrics by team" adds up. An officer may be in several teams. */
@Injectable()
export class TeamsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly users: UsersService,
  ) {}

  async list(): Promise<TeamDto[]> {
    const rows = (await this.dataSource.query(
      `SELECT t.id, t.name, coalesce(json_agg(json_build_object('id', u.id, 'name', u.name) ORDER BY u.name) FILTER (WHERE u.id IS NOT NULL), '[]') AS members
         FROM teams t LEFT JOIN team_members m ON m.team_id = t.id LEFT JOIN users u ON u.id = m.user_id
        GROUP BY t.id ORDER BY t.name`,
    )) as TeamDto[];
    return rows;
  }

  async create(input: CreateTeamDto, user: RequestUser): Promise<TeamDto> {
    const id = await this.dataSource.transaction(async (tx) => {
      const [row] = (await tx.query(
        `INSERT INTO teams (name) VALUES ($1) ON CONFLICT ((lower(name))) DO NOTHING RETURNING id`,
        [input.name.trim()],
      )) as { id: string }[];
      if (!row) throw new ConflictException(`A team named "${input.name.trim()}" exists already`);
      await this.setMembers(tx, row.id, input.memberIds ?? []);
      await this.events.record({ type: 'team.created', entityType: 'team', entityId: row.id, actorId: user.id, after: { name: input.name.trim(), memberIds: input.memberIds ?? [] } }, tx);
      return row.id;
    });
    return this.get(id);
  }

  async update(id: string, input: UpdateTeamDto, user: RequestUser): Promise<TeamDto> {
    const before = await this.get(id);
    await this.dataSource.transaction(async (tx) => {
      if (input.name !== undefined) {
        const clash = (await tx.query(`SELECT 1 FROM teams WHERE lower(name) = lower($1) AND id <> $2`, [input.name.trim(), id])) as unknown[];
        if (clash.length) throw new ConflictException(`A team named "${input.name.trim()}" exists already`);
        await tx.query(`UPDATE teams SET name = $2, updated_at = now() WHERE id = $1`, [id, input.name.trim()]);
      }
      if (input.memberIds !== undefined) await this.setMembers(tx, id, input.memberIds);
      await this.events.record(
        {
          type: 'team.updated',
          entityType: 'team',
          entityId: id,
          actorId: user.id,
          before: { name: before.name, memberIds: before.members.map((m) => m.id) },
          after: { ...(input.name !== undefined ? { name: input.name.trim() } : {}), ...(input.memberIds ? { memberIds: input.memberIds } : {}) },
        },
        tx,
      );
    });
    return this.get(id);
  }

  async remove(id: string, user: RequestUser): Promise<void> {
    const team = await this.get(id);
    await this.dataSource.transaction(async (tx) => {
      await tx.query(`DELETE FROM teams WHERE id = $1`, [id]);
      await this.events.record({ type: 'team.deleted', entityType: 'team', entityId: id, actorId: user.id, before: { name: team.name } }, tx);
    });
  }

  private async get(id: string): Promise<TeamDto> {
    const team = isUuid(id) ? (await this.list()).find((candidate) => candidate.id === id) : undefined;
    if (!team) throw new NotFoundException(`Team ${id} not found`);
    return team;
  }

  private async setMembers(tx: EntityManager, teamId: string, memberIds: string[]): Promise<void> {
    const ids = [...new Set(memberIds.map((memberId) => memberId.toLowerCase()))];
    const found = await this.users.existingIds(tx, ids);
    if (found.length !== ids.length) throw new BadRequestException('memberIds must all be existing users');
    await tx.query(`DELETE FROM team_members WHERE team_id = $1`, [teamId]);
    await tx.query(`INSERT INTO team_members (team_id, user_id) SELECT $1, unnest($2::uuid[])`, [teamId, ids]);
  }
}
