import { BadRequestException, Injectable, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { createValidationPipe } from '../common/validation.js';
import { LoginDto } from './dto/login.dto.js';

const pipe = createValidationPipe();

@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  /** Guards run before pipes: validate the body first, so a malformed request never costs (or counts as) a password check. */
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    request.body = await pipe.transform(request.body ?? {}, { type: 'body', metatype: LoginDto });
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<TUser>(error: unknown, user: TUser, info?: { message?: string }): TUser {
    if (error) throw error;
    if (!user) {
      if (info?.message === 'Missing credentials') throw new BadRequestException('email and password are required');
      throw new UnauthorizedException('Email or password is incorrect');
    }
    return user;
  }
}
