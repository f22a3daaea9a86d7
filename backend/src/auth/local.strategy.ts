import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import passport from 'passport';
import { Strategy } from 'passport-local';
import type { User } from '../users/user.entity.js';
import { AuthService } from './auth.service.js';

/** What passport-local decided: the user, or `false` with passport's reason (missing or wrong credentials). */
export interface LocalSignIn {
  user: User | false;
  info?: { message?: string };
}

/**
 * passport-local: email + password from the JSON body. Registered on this app's own Passport
 * instance, not the process-wide one, where the last app started (a replica in tests) replaced
 * every other app's strategy and its database.
 */
@Injectable()
export class LocalStrategy {
  private readonly passport = new passport.Passport();

  constructor(private readonly auth: AuthService) {
    this.passport.use(
      'local',
      new Strategy({ usernameField: 'email', passwordField: 'password', passReqToCallback: true, session: false }, (request, email, password, done) => {
        // Fastify always knows the client address; passport's Express types say it may not.
        this.auth.validateCredentials(email, password, request.ip ?? '').then(
          (user) => done(null, user),
          (error: unknown) => done(error),
        );
      }),
    );
  }

  authenticate(request: FastifyRequest, reply: FastifyReply): Promise<LocalSignIn> {
    return new Promise((resolve, reject) => {
      const middleware = this.passport.authenticate('local', { session: false }, (error: unknown, user: User | false, info?: { message?: string }) =>
        error ? reject(error) : resolve({ user, info }),
      ) as (request: FastifyRequest, reply: FastifyReply, next: (error?: unknown) => void) => void;
      // passport calls next() only when a strategy passes the request on, which passport-local never does.
      middleware(request, reply, (error) => reject(error ?? new Error('sign-in ended without a decision')));
    });
  }
}
