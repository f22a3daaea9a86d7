import { Injectable } from '@nestjs/common';

/** The time, injected where a rule depends on it, so tests can move it instead of waiting. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
