import { Body, Controller, Delete, Get, HttpCode, Param, Put, Req } from '@nestjs/common';
import type { ActiveSessionDto, ApiTokenDto } from '@newsdesk/shared';
import { CurrentUser, type RequestUser } from '../common/request-user.js';
import type { FastifyRequest } from 'fastify';
import { ChangePasswordDto } from './dto/change-password.dto.js';
import { PasswordChangeService } from './password-change.service.js';
import { Roles } from './roles.decorator.js';
import { UserAccessService } from './user-access.service.js';
import { ChangesPrincipal } from './changes-principal.decorator.js';

/** A user's sessions and API tokens; `:userId` may be `me`. The service decides who may see whose. */
@Controller('users/:userId')
export class UserAccessController {
  constructor(
    private readonly access: UserAccessService,
    private readonly passwords: PasswordChangeService,
  ) {}

  /** Your own password only (`me`); admins reset other people's with PATCH /api/users/:id. */
  @ChangesPrincipal()
  @Put('password')
  @HttpCode(200)
  changePassword(
    @Param('userId') userId: string,
    @Body() body: ChangePasswordDto,
    @CurrentUser() actor: RequestUser,
    @Req() request: FastifyRequest,
  ): Promise<{ sessionsEnded: number }> {
    return this.passwords.change(actor, userId, body, request.ip);
  }

  /** Admins unlock an account that failed sign-ins locked. */
  @Roles('admin')
  @Delete('lockout')
  @HttpCode(204)
  liftLockout(@Param('userId') userId: string, @CurrentUser() actor: RequestUser): Promise<void> {
    return this.access.liftLockout(actor, userId);
  }

  @Get('sessions')
  listSessions(@Param('userId') userId: string, @CurrentUser() actor: RequestUser): Promise<ActiveSessionDto[]> {
    return this.access.listSessions(actor, userId);
  }

  /** Ends all of the user's sessions except the caller's own. */
  @ChangesPrincipal()
  @Delete('sessions')
  endOtherSessions(@Param('userId') userId: string, @CurrentUser() actor: RequestUser): Promise<{ ended: number }> {
    return this.access.endOtherSessions(actor, userId);
  }

  @ChangesPrincipal()
  @Delete('sessions/:sessionId')
  @HttpCode(204)
  endSession(@Param('userId') userId: string, @Param('sessionId') sessionId: string, @CurrentUser() actor: RequestUser): Promise<void> {
    return this.access.endSession(actor, userId, sessionId);
  }

  @Get('tokens')
  listTokens(@Param('userId') userId: string, @CurrentUser() actor: RequestUser): Promise<ApiTokenDto[]> {
    return this.access.listTokens(actor, userId);
  }

  @ChangesPrincipal()
  @Delete('tokens/:tokenId')
  @HttpCode(204)
  revokeToken(@Param('userId') userId: string, @Param('tokenId') tokenId: string, @CurrentUser() actor: RequestUser): Promise<void> {
    return this.access.revokeToken(actor, userId, tokenId);
  }
}
