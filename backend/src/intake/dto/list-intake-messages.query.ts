import { INTAKE_DOORS, INTAKE_OUTCOMES, type IntakeDoor, type IntakeOutcome } from '@newsdesk/shared';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../common/dto/page.query.js';

export class ListIntakeMessagesQuery extends PageQuery {
  @IsOptional()
  @IsIn(INTAKE_OUTCOMES, { message: `outcome must be one of: ${INTAKE_OUTCOMES.join(', ')}` })
  outcome?: IntakeOutcome;

  @IsOptional()
  @IsIn(INTAKE_DOORS, { message: `door must be one of: ${INTAKE_DOORS.join(', ')}` })
  door?: IntakeDoor;
}
