import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { TeamDto } from '@newsdesk/shared';
import { DataSource, type EntityManager } from 'typeorm';
import type { RequestUser } from '../common/request-user.js';
import { isUuid } from '../common/ids.js';
import { EventsService } from '../events/events.service.js';
import { UsersService } from '../users/users.service.js';
import type { CreateTeamDto, UpdateTeamDto } from './dto/team.dto.js';
import { TeamsRepository } from './teams.repository.js';
import { conflict } from '../common/http-errors.js';

/** Teams of officers: what "metrics by team" adds up. An officer may be in several teams. */
@Injectable()
export class TeamsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly teams: TeamsRepository,
    private readonly events: EventsService,
    private readonly users: UsersService,
  ) {}

  async list(): Promise<TeamDto[]> {
    const rows = await this.teams.findAll();
    return rows.map((row) => ({ id: row.id, name: row.name, members: row.members }));
  }

  async create(input: CreateTeamDto, user: RequestUser): Promise<TeamDto> {
    const id = await this.dataSource.transaction(async (tx) => {
      const teamId = await this.teams.insertUnlessNameTaken(tx, input.name.trim());
      if (!teamId) throw conflict('duplicate', `A team named "${input.name.trim()}" exists already`);
      await this.setMembers(tx, teamId, input.memberIds ?? []);
      await this.events.record({ type: 'team.created', entityType: 'team', entityId: teamId, actorId: user.id, after: { name: input.name.trim(), memberIds: input.memberIds ?? [] } }, tx);
      return teamId;
    });
    return this.get(id);
  }

  async update(id: string, input: UpdateTeamDto, user: RequestUser): Promise<TeamDto> {
    const before = await this.get(id);
    await this.dataSource.transaction(async (tx) => {
      if (input.name !== undefined) {
        if (await this.teams.isNameTaken(tx, input.name.trim(), id)) throw conflict('duplicate', `A team named "${input.name.trim()}" exists already`);
        await this.teams.rename(tx, id, input.name.trim());
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
      await this.teams.delete(tx, id);
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
    await this.teams.replaceMembers(tx, teamId, ids);
  }
}
