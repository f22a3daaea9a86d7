import type { UserDto } from '@newsdesk/shared';

/** Managers and admins always approve replies; press officers when an admin gave them the right. */
export function canApprove(user: Pick<UserDto, 'role' | 'canApprove'> | undefined): boolean {
  return !!user && (user.role === 'admin' || user.role === 'manager' || user.canApprove);
}
