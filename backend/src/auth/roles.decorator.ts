import { SetMetadata } from '@nestjs/common';
import type { UserRole } from '@newsdesk/shared';

export const ROLES = 'newsdesk:roles';

/** Restricts a route (or controller) to the listed roles; without it any signed-in staff member may call it. */
export const Roles = (...roles: UserRole[]) => SetMetadata(ROLES, roles);
