import type { UserRole } from '@newsdesk/shared';

/** What each role is called on screen; the API value `agent` is a press officer to the people using the desk. */
export const ROLE_LABELS: Record<UserRole, string> = { admin: 'Admin', manager: 'Manager', agent: 'Press officer' };
