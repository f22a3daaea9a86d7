import type { SetupRequest } from '@newsdesk/shared';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { CreateUserDto } from '../../users/dto/create-user.dto.js';
import { OmitType } from '@nestjs/swagger';

export class SetupDto extends OmitType(CreateUserDto, ['role', 'signature'] as const) implements SetupRequest {
  @IsString()
  @MinLength(16)
  @MaxLength(200)
  token: string;
}
