import type { UserRole } from '@newsdesk/shared';

/** The admin area's pages and who may open them (the server checks the same roles). */
export const ADMIN_SECTIONS = [
  { path: '/admin/users', label: 'Users', roles: ['admin'] },
  { path: '/admin/approval-rules', label: 'Approval rules', roles: ['admin'] },
  { path: '/admin/templates', label: 'Templates', roles: ['admin', 'manager'] },
  { path: '/admin/mail', label: 'Mailboxes', roles: ['admin', 'manager'] },
  { path: '/admin/intake', label: 'Intake log', roles: ['admin', 'manager'] },
  { path: '/admin/outbox', label: 'Outbox', roles: ['admin', 'manager'] },
] as const satisfies readonly { path: string; label: string; roles: readonly UserRole[] }[];

export const ADMIN_ROLES: readonly UserRole[] = ['admin', 'manager'];

export function adminSectionsFor(role: UserRole | undefined) {
  return ADMIN_SECTIONS.filter((section) => role !== undefined && (section.roles as readonly UserRole[]).includes(role));
}
