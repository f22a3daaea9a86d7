import type { UpdateJournalistRequest } from '@newsdesk/shared';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf, IsIn } from 'class-validator';
import { PHONE, lowerCase, trimToNull } from './contact-fields.js';

const present = (_: object, value: unknown) => value !== undefined && value !== null;

/** Every field optional; `null` (or an empty string) clears it. */
export class UpdateJournalistDto implements UpdateJournalistRequest {
  @Transform(trimToNull)
  @ValidateIf(present)
  @IsString({ message: 'name must be text' })
  @MaxLength(200, { message: 'name must be at most 200 characters' })
  name?: string | null;

  @Transform((params) => trimToNull({ value: lowerCase(params) }))
  @ValidateIf(present)
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254, { message: 'email must be at most 254 characters' })
  email?: string | null;

  /** Lower-cased and de-duplicated. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? [...new Set(value.map((entry) => (typeof entry === 'string' ? entry.trim().toLowerCase() : entry)))] : value,
  )
  @IsArray({ message: 'aliases must be a list of email addresses' })
  @ArrayMaxSize(20, { message: 'a journalist can have at most 20 other addresses' })
  @IsEmail({}, { each: true, message: 'each alias must be a valid email address' })
  aliases?: string[];

  @Transform(trimToNull)
  @ValidateIf(present)
  @Matches(PHONE, { message: 'phone must be a phone number (digits, spaces, + ( ) . - /)' })
  phone?: string | null;

  @ValidateIf(present)
  @IsUUID('all', { message: 'outletId must be an outlet id or null' })
  outletId?: string | null;

  @Transform(trimToNull)
  @ValidateIf(present)
  @IsString({ message: 'beat must be text' })
  @MaxLength(200, { message: 'beat must be at most 200 characters' })
  beat?: string | null;

  @Transform(trimToNull)
  @ValidateIf(present)
  @IsString({ message: 'notes must be text' })
  @MaxLength(5000, { message: 'notes must be at most 5000 characters' })
  notes?: string | null;

  @ValidateIf(present)
  @IsIn(['email', 'phone', 'any'], { message: 'preferredContact must be email, phone, any or null' })
  preferredContact?: 'email' | 'phone' | 'any' | null;

  @ValidateIf(present)
  @IsUUID('all', { message: 'relationshipOwnerId must be a user id or null' })
  relationshipOwnerId?: string | null;
}
