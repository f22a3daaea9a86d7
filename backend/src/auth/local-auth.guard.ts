import { BadRequestException, Injectable, UnauthorizedException } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';

@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override handleRequest<TUser>(error: unknown, user: TUser, info?: { message?: string }): TUser {
    if (error) throw error;
    if (!user) {
      if (info?.message === 'Missing credentials') throw new BadRequestException('email and password are required');
      throw new UnauthorizedException('Email or password is incorrect');
    }
    return user;
  }
}
