import type { UpdateProfileRequest } from '@newsdesk/shared';
import { Transform } from 'class-transformer';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class UpdateProfileDto implements UpdateProfileRequest {
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(120)
  name?: string;

  /** Appended to every reply this officer sends. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  signature?: string;

  @IsOptional()
  @IsBoolean({ message: 'notifyAssigned must be true or false' })
  notifyAssigned?: boolean;

  @IsOptional()
  @IsBoolean({ message: 'notifyReplied must be true or false' })
  notifyReplied?: boolean;

  @IsOptional()
  @IsBoolean({ message: 'notifyApprovals must be true or false' })
  notifyApprovals?: boolean;
}
