import { HttpException, ServiceUnavailableException } from '@nestjs/common';
import type { ErrorCode } from '@newsdesk/shared';
import { QueryFailedError } from 'typeorm';
import { conflict } from './http-errors.js';

/** What PostgreSQL reports on a failed statement (node-postgres puts its fields on the error). */
interface PostgresFailure {
  code?: string;
  constraint?: string;
}

function failureOf(error: unknown): PostgresFailure | null {
  const driverError: unknown = error instanceof QueryFailedError ? error.driverError : error;
  if (typeof driverError !== 'object' || driverError === null || !('code' in driverError)) return null;
  const { code, constraint } = driverError as { code: unknown; constraint?: unknown };
  return { code: typeof code === 'string' ? code : undefined, constraint: typeof constraint === 'string' ? constraint : undefined };
}

/** A unique index or constraint refused the value (optionally: that one, by name). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const failure = failureOf(error);
  return failure?.code === '23505' && (constraint === undefined || failure.constraint === constraint);
}

const retry = () =>
  new ServiceUnavailableException({ message: 'A concurrent change got in the way; try again', code: 'retry' satisfies ErrorCode, headers: { 'retry-after': '1' } });

/** SQLSTATE → HTTP with a stable code, one table for the whole API: what a service did not turn into its own message lands here. */
const MAPPED: Record<string, () => HttpException> = {
  // unique_violation
  '23505': () => conflict('duplicate', 'That already exists: a unique value is taken'),
  // foreign_key_violation
  '23503': () => conflict('reference', 'A linked record does not exist, or is still in use'),
  // serialization_failure, deadlock_detected: the transaction lost a race and may simply be tried again
  '40001': retry,
  '40P01': retry,
};

/** The HTTP error a database failure means, or null when it means a bug (the filter answers 500). */
export function databaseHttpError(error: unknown): HttpException | null {
  const code = failureOf(error)?.code;
  return code && Object.hasOwn(MAPPED, code) ? MAPPED[code]() : null;
}

/** A serialization failure or deadlock: the transaction lost a race and may simply be run again. */
export function isTransientFailure(error: unknown): boolean {
  const code = failureOf(error)?.code;
  return code === '40001' || code === '40P01';
}
