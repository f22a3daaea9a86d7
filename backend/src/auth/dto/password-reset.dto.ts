import { Transform } from 'class-transformer';
import { IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../users/passwords.js';

export class RequestPasswordResetDto {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email: string;
}

export class CompletePasswordResetDto {
  /** The token from the emailed link (43 base64url characters). */
  @IsString({ message: 'token is required' })
  @Matches(/^[A-Za-z0-9_-]{20,100}$/, { message: 'token is not a reset link token' })
  token: string;

  @IsString({ message: 'password is required' })
  @MinLength(MIN_PASSWORD_LENGTH, { message: `password must be at least ${MIN_PASSWORD_LENGTH} characters` })
  @MaxLength(MAX_PASSWORD_LENGTH)
  password: string;
}
