import { Body, Controller, Delete, ForbiddenException, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { RecoveryCodesDto, SessionDto, TwoFactorEnrolmentDto, TwoFactorStatusDto } from '@newsdesk/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UuidParam } from '../common/dto/uuid.param.js';
import { CurrentUser, type RequestUser } from '../common/request-user.js';
import { AllowDuringEnrolment } from './allow-during-enrolment.decorator.js';
import { DisableTwoFactorDto, SecondFactorLoginDto, TotpCodeDto } from './dto/two-factor.dto.js';
import { Public } from './public.decorator.js';
import { Roles } from './roles.decorator.js';
import { TwoFactorService } from './two-factor.service.js';
import { ChangesPrincipal } from './changes-principal.decorator.js';

/** API tokens are a separate credential: the second factor belongs to dashboard sign-in. */
function sessionUser(user: RequestUser): RequestUser {
  if (user.via !== 'session') throw new ForbiddenException('Two-factor sign-in is managed from a dashboard session, not with an API token');
  return user;
}

@Controller('auth')
export class TwoFactorController {
  constructor(private readonly twoFactor: TwoFactorService) {}

  @Public()
  @Post('login/second-factor')
  @HttpCode(200)
  secondFactor(
    @Body() body: SecondFactorLoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionDto> {
    return this.twoFactor.completeSignIn(body, request, reply);
  }

  @AllowDuringEnrolment()
  @Get('two-factor')
  status(@CurrentUser() user: RequestUser): Promise<TwoFactorStatusDto> {
    return this.twoFactor.status(user);
  }

  @AllowDuringEnrolment()
  @ChangesPrincipal()
  @Post('two-factor/enrolment')
  @HttpCode(200)
  startEnrolment(@CurrentUser() user: RequestUser): Promise<TwoFactorEnrolmentDto> {
    return this.twoFactor.startEnrolment(sessionUser(user));
  }

  @AllowDuringEnrolment()
  @ChangesPrincipal()
  @Post('two-factor/enrolment/confirmation')
  @HttpCode(200)
  confirmEnrolment(@Body() body: TotpCodeDto, @CurrentUser() user: RequestUser): Promise<RecoveryCodesDto> {
    return this.twoFactor.confirmEnrolment(sessionUser(user), body.code);
  }

  @ChangesPrincipal()
  @Post('two-factor/recovery-codes')
  @HttpCode(200)
  regenerateRecoveryCodes(@Body() body: TotpCodeDto, @CurrentUser() user: RequestUser, @Req() request: FastifyRequest): Promise<RecoveryCodesDto> {
    return this.twoFactor.regenerateRecoveryCodes(sessionUser(user), body.code, request.ip);
  }

  @ChangesPrincipal()
  @Delete('two-factor')
  @HttpCode(204)
  disable(@Body() body: DisableTwoFactorDto, @CurrentUser() user: RequestUser, @Req() request: FastifyRequest): Promise<void> {
    return this.twoFactor.disable(sessionUser(user), body.password, body.code, request.ip);
  }
}

@Roles('admin')
@Controller('users')
export class UserTwoFactorController {
  constructor(private readonly twoFactor: TwoFactorService) {}

  @ChangesPrincipal()
  @Delete(':id/two-factor')
  @HttpCode(204)
  reset(@Param() { id }: UuidParam, @CurrentUser() actor: RequestUser): Promise<void> {
    return this.twoFactor.reset(id, actor);
  }
}
