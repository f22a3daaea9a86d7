import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import type { ProfileDto, UserDto } from '@newsdesk/shared';
import { UuidParam } from '../common/dto/uuid.param.js';
import { Roles } from '../auth/roles.decorator.js';
import { CurrentUser, type RequestUser } from '../common/request-user.js';
import { CreateUserDto } from './dto/create-user.dto.js';
import { UpdateProfileDto } from './dto/update-profile.dto.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { UsersService } from './users.service.js';
import { ChangesPrincipal } from '../auth/changes-principal.decorator.js';

@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Every officer needs the staff list to assign tickets. */
  @Get()
  list(): Promise<UserDto[]> {
    return this.users.list();
  }

  @Get('me')
  me(@CurrentUser() user: RequestUser): Promise<ProfileDto> {
    return this.users.profile(user.id);
  }

  @ChangesPrincipal()
  @Patch('me')
  updateMe(@Body() body: UpdateProfileDto, @CurrentUser() user: RequestUser): Promise<ProfileDto> {
    return this.users.updateProfile(user.id, body);
  }

  @Get(':id')
  get(@Param() { id }: UuidParam): Promise<UserDto> {
    return this.users.get(id);
  }

  @Roles('admin')
  @Post()
  create(@Body() body: CreateUserDto, @CurrentUser() actor: RequestUser): Promise<UserDto> {
    return this.users.create(body, actor);
  }

  @Roles('admin')
  @ChangesPrincipal()
  @Patch(':id')
  update(@Param() { id }: UuidParam, @Body() body: UpdateUserDto, @CurrentUser() actor: RequestUser): Promise<UserDto> {
    return this.users.update(id, body, actor);
  }
}
