import type { UserRole } from '@newsdesk/shared';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useSession } from '../hooks/useSession';
import { Panel } from '../../../components/Panel';

/** Shows `children` only to the given roles; the server refuses the data to others anyway (403). */
export function RequireRole({ roles, children }: { roles: readonly UserRole[]; children: ReactNode }) {
  const session = useSession().data;
  if (session && roles.includes(session.user.role)) return <>{children}</>;
  return <NoAccess />;
}

export function NoAccess() {
  return (
    <Panel wide role="alert">
      <title>No access · Newsdesk</title>
      <h1>No access</h1>
      <p>Your role does not include this page. Ask an administrator if you need it.</p>
      <Link to="/">Go to the queue</Link>
    </Panel>
  );
}

export function hasRole(role: UserRole | undefined, roles: readonly UserRole[]): boolean {
  return role !== undefined && roles.includes(role);
}
