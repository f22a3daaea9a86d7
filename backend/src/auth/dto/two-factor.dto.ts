import type { SecondFactorLoginRequest } from '@newsdesk/shared';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class TotpCodeDto {
  @Transform(trim)
  @Matches(/^\d{6}$/, { message: 'code must be the 6 digits your authenticator app shows' })
  code: string;
}

/** The second sign-in step: the challenge from the password step and either a TOTP code or a recovery code. */
export class SecondFactorLoginDto implements SecondFactorLoginRequest {
  @IsString({ message: 'challenge is required' })
  @IsNotEmpty({ message: 'challenge is required' })
  @MaxLength(100)
  challenge: string;

  @IsOptional()
  @Transform(trim)
  @Matches(/^\d{6}$/, { message: 'code must be the 6 digits your authenticator app shows' })
  code?: string;

  @IsOptional()
  @IsString()
  @MaxLength(40)
  recoveryCode?: string;
}

export class DisableTwoFactorDto {
  @IsString({ message: 'password is required' })
  @IsNotEmpty({ message: 'password is required' })
  @MaxLength(256)
  password: string;

  @Transform(trim)
  @IsString({ message: 'code is required' })
  @Matches(/^(\d{6}|[A-Za-z0-9]{5}-?[A-Za-z0-9]{5})$/, { message: 'code must be 6 digits from your app or a recovery code' })
  code: string;
}
