import { INTAKE_DOORS, INTAKE_OUTCOMES, type IntakeDoor, type IntakeOutcome } from '@newsdesk/shared';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class ListIntakeMessagesQuery {
  @IsOptional()
  @IsIn(INTAKE_OUTCOMES, { message: `outcome must be one of: ${INTAKE_OUTCOMES.join(', ')}` })
  outcome?: IntakeOutcome;

  @IsOptional()
  @IsIn(INTAKE_DOORS, { message: `door must be one of: ${INTAKE_DOORS.join(', ')}` })
  door?: IntakeDoor;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
