import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import type { TeamDto } from '@newsdesk/shared';
import { UuidParam } from '../common/dto/uuid.param.js';
import { Roles } from '../auth/roles.decorator.js';
import { CurrentUser, type RequestUser } from '../common/request-user.js';
import { CreateTeamDto, UpdateTeamDto } from './dto/team.dto.js';
import { TeamsService } from './teams.service.js';

/** Teams of officers, for metrics by team: managers read them, admins change them. */
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Roles('admin', 'manager')
  @Get()
  list(): Promise<TeamDto[]> {
    return this.teams.list();
  }

  @Roles('admin')
  @Post()
  create(@Body() body: CreateTeamDto, @CurrentUser() user: RequestUser): Promise<TeamDto> {
    return this.teams.create(body, user);
  }

  @Roles('admin')
  @Patch(':id')
  update(@Param() { id }: UuidParam, @Body() body: UpdateTeamDto, @CurrentUser() user: RequestUser): Promise<TeamDto> {
    return this.teams.update(id, body, user);
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  remove(@Param() { id }: UuidParam, @CurrentUser() user: RequestUser): Promise<void> {
    return this.teams.remove(id, user);
  }
}
