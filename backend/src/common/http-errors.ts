import { ConflictException } from '@nestjs/common';
import type { ErrorCode } from '@newsdesk/shared';

/** A 409 whose body carries a stable `code` the dashboard can switch on, beside the message people read. */
export function conflict(code: ErrorCode, message: string): ConflictException {
  return new ConflictException({ message, code });
}
