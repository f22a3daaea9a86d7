import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, Res, UnauthorizedException, UseGuards } from '@nestjs/common';
import type { ApiTokenDto, SecondFactorChallengeDto, SessionDto } from '@newsdesk/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UuidParam } from '../common/dto/uuid.param.js';
import { CurrentUser, type RequestUser } from '../common/request-user.js';
import type { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { AllowDuringEnrolment } from './allow-during-enrolment.decorator.js';
import { ApiTokensService } from './api-tokens.service.js';
import { AuthService } from './auth.service.js';
import { CreateApiTokenDto } from './dto/create-api-token.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { LocalAuthGuard } from './local-auth.guard.js';
import { SameOriginJsonGuard } from './origin.guard.js';
import { Public } from './public.decorator.js';
import { SessionsService } from './sessions.service.js';
import { ChangesPrincipal } from './changes-principal.decorator.js';

@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    private readonly tokens: ApiTokensService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @UseGuards(SameOriginJsonGuard, LocalAuthGuard)
  @Post('login')
  @HttpCode(200)
  login(
    @Body() _credentials: LoginDto,
    @Req() request: FastifyRequest & { user: User },
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionDto | SecondFactorChallengeDto> {
    return this.auth.login(request.user, request, reply);
  }

  @AllowDuringEnrolment()
  @ChangesPrincipal()
  @Post('logout')
  @HttpCode(204)
  async logout(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.sessions.end(request, reply);
  }

  @AllowDuringEnrolment()
  @Get('session')
  async session(@CurrentUser() user: RequestUser): Promise<SessionDto> {
    if (user.via !== 'session' || !user.csrfToken || !user.sessionExpiresAt) {
      throw new UnauthorizedException('API tokens have no dashboard session');
    }
    return { user: await this.users.get(user.id), csrfToken: user.csrfToken, expiresAt: user.sessionExpiresAt.toISOString() };
  }

  @Get('tokens')
  listTokens(@CurrentUser() user: RequestUser): Promise<ApiTokenDto[]> {
    return this.tokens.list(user.id);
  }

  @Post('tokens')
  createToken(@Body() body: CreateApiTokenDto, @CurrentUser() user: RequestUser): Promise<ApiTokenDto> {
    return this.tokens.create(user.id, body.name, user.id);
  }

  @ChangesPrincipal()
  @Delete('tokens/:id')
  @HttpCode(204)
  revokeToken(@Param() { id }: UuidParam, @CurrentUser() user: RequestUser): Promise<void> {
    return this.tokens.revoke(id, user);
  }
}
