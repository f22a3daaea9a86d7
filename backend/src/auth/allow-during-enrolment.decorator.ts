import { SetMetadata } from '@nestjs/common';

export const ALLOW_DURING_ENROLMENT = 'allowDuringEnrolment';

/** Routes a session may call while its role requires two-factor sign-in that is not set up yet. */
export const AllowDuringEnrolment = () => SetMetadata(ALLOW_DURING_ENROLMENT, true);
