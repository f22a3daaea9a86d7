import type { CreateStatementRequest, UpdateStatementRequest, CreateStatementVersionRequest } from '@newsdesk/shared';
import { Transform } from 'class-transformer';
import { IsISO8601, IsNotEmpty, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const present = (_input: object, value: unknown) => value !== undefined && value !== null;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreateStatementDto implements CreateStatementRequest {
  @Transform(trim)
  @IsString({ message: 'title must be text' })
  @IsNotEmpty({ message: 'title must not be empty' })
  @MaxLength(200, { message: 'title must be at most 200 characters' })
  title: string;

  /** Markdown; becomes version 1, a draft until a manager or admin approves it. */
  @IsString({ message: 'body must be text' })
  @IsNotEmpty({ message: 'body must not be empty' })
  @MaxLength(50_000, { message: 'body must be at most 50000 characters' })
  body: string;

  @ValidateIf(present)
  @Transform(trim)
  @IsString({ message: 'topic must be text or null' })
  @MaxLength(64, { message: 'topic must be at most 64 characters' })
  topic?: string | null;

  /** Defaults to the author. */
  @ValidateIf(present)
  @IsUUID('all', { message: 'ownerId must be a user id or null' })
  ownerId?: string | null;

  @ValidateIf(present)
  @Matches(DATE, { message: 'reviewBy must be a date like 2026-12-31, or null' })
  @IsISO8601({ strict: true }, { message: 'reviewBy must be a real calendar date' })
  reviewBy?: string | null;
}

/** The statement's details; its text changes only through a new version. */
export class UpdateStatementDto implements UpdateStatementRequest {
  @ValidateIf((_input, value) => value !== undefined)
  @Transform(trim)
  @IsString({ message: 'title must be text' })
  @IsNotEmpty({ message: 'title must not be empty' })
  @MaxLength(200, { message: 'title must be at most 200 characters' })
  title?: string;

  @ValidateIf(present)
  @Transform(trim)
  @IsString({ message: 'topic must be text or null' })
  @MaxLength(64, { message: 'topic must be at most 64 characters' })
  topic?: string | null;

  @ValidateIf(present)
  @IsUUID('all', { message: 'ownerId must be a user id or null' })
  ownerId?: string | null;

  @ValidateIf(present)
  @Matches(DATE, { message: 'reviewBy must be a date like 2026-12-31, or null' })
  @IsISO8601({ strict: true }, { message: 'reviewBy must be a real calendar date' })
  reviewBy?: string | null;
}

export class CreateStatementVersionDto implements CreateStatementVersionRequest {
  @IsString({ message: 'body must be text' })
  @IsNotEmpty({ message: 'body must not be empty' })
  @MaxLength(50_000, { message: 'body must be at most 50000 characters' })
  body: string;
}
