import { BadRequestException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createValidationPipe } from '../common/validation.js';
import type { User } from '../users/user.entity.js';
import { LoginDto } from './dto/login.dto.js';
import { LocalStrategy } from './local.strategy.js';

const pipe = createValidationPipe();

/** Sign-in by email and password through this app's LocalStrategy; the user lands on `request.user`. */
@Injectable()
export class LocalAuthGuard implements CanActivate {
  constructor(private readonly strategy: LocalStrategy) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: User }>();
    // Guards run before pipes: validate the body first, so a malformed request never costs (or counts as) a password check.
    request.body = await pipe.transform(request.body ?? {}, { type: 'body', metatype: LoginDto });
    const { user, info } = await this.strategy.authenticate(request, context.switchToHttp().getResponse<FastifyReply>());
    if (!user) {
      if (info?.message === 'Missing credentials') throw new BadRequestException('email and password are required');
      throw new UnauthorizedException('Email or password is incorrect');
    }
    request.user = user;
    return true;
  }
}
