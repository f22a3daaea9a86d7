import { Injectable } from '@nestjs/common';

/** The time for rules that depend on it (lockouts, one-time codes, signature windows); one instance app-wide, tests replace `now` to move time. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
