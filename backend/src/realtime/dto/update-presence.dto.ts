import { PRESENCE_STATES, type PresenceState, type UpdatePresenceRequest } from '@newsdesk/shared';
import { IsIn } from 'class-validator';

export class UpdatePresenceDto implements UpdatePresenceRequest {
  @IsIn(PRESENCE_STATES, { message: `state must be one of: ${PRESENCE_STATES.join(', ')}` })
  state: PresenceState;
}
