import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import type { PasswordResetRequestedDto } from '@newsdesk/shared';
import type { FastifyRequest } from 'fastify';
import { CompletePasswordResetDto, RequestPasswordResetDto } from './dto/password-reset.dto.js';
import { SameOriginJsonGuard } from './origin.guard.js';
import { PasswordResetService } from './password-reset.service.js';
import { Public } from './public.decorator.js';
import { ChangesPrincipal } from './changes-principal.decorator.js';

/** "Forgot password": ask for a link by mail, then set a new password with it. JSON from our own origin only, like sign-in. */
@Public()
@UseGuards(SameOriginJsonGuard)
@Controller('auth')
export class PasswordResetController {
  constructor(private readonly resets: PasswordResetService) {}

  /** Always 202 with the same message, whether or not an account uses the address. */
  @Post('password-reset-requests')
  @HttpCode(202)
  request(@Body() body: RequestPasswordResetDto, @Req() request: FastifyRequest): Promise<PasswordResetRequestedDto> {
    return this.resets.request(body.email, request.ip);
  }

  @ChangesPrincipal()
  @Post('password-resets')
  @HttpCode(204)
  complete(@Body() body: CompletePasswordResetDto): Promise<void> {
    return this.resets.complete(body.token, body.password);
  }
}
