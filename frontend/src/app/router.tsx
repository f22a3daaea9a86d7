import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { useSession } from '../features/auth/hooks/useSession';
import { adminSectionsFor } from '../features/admin/admin-sections';
import { AdminLayout } from '../features/admin/components/AdminLayout';
import { IntakeLogPage } from '../features/admin/pages/IntakeLogPage';
import { MailPage } from '../features/admin/pages/MailPage';
import { OutboxPage } from '../features/admin/pages/OutboxPage';
import { TemplatesPage } from '../features/admin/pages/TemplatesPage';
import { UsersPage } from '../features/admin/pages/UsersPage';
import { RequireRole } from '../features/auth/components/RequireRole';
import { RequireSession } from '../features/auth/components/RequireSession';
import { SetupPage } from '../features/auth/pages/SetupPage';
import { SignInPage } from '../features/auth/pages/SignInPage';
import { JournalistPage } from '../features/contacts/pages/JournalistPage';
import { JournalistsPage } from '../features/contacts/pages/JournalistsPage';
import { OutletPage } from '../features/contacts/pages/OutletPage';
import { OutletsPage } from '../features/contacts/pages/OutletsPage';
import { ProfilePage } from '../features/profile/pages/ProfilePage';
import { QueuePage } from '../features/tickets/pages/QueuePage';
import { TicketPage } from '../features/tickets/pages/TicketPage';
import { AppLayout } from './AppLayout';
import { ErrorPage } from './ErrorPage';
import { NotFoundPage } from './NotFoundPage';

/** /admin opens the first section the user's role may see. */
function AdminIndex() {
  const [first] = adminSectionsFor(useSession().data?.user.role);
  return first ? <Navigate to={first.path} replace /> : null;
}

export const routes: RouteObject[] = [
  {
    errorElement: <ErrorPage />,
    children: [
      { path: '/signin', element: <SignInPage /> },
      { path: '/setup', element: <SetupPage /> },
      {
        element: <RequireSession />,
        children: [
          {
            element: <AppLayout />,
            children: [
              { index: true, element: <QueuePage /> },
              { path: 'tickets/:ticketRef', element: <TicketPage /> },
              { path: 'contacts', element: <Navigate to="/contacts/journalists" replace /> },
              { path: 'contacts/journalists', element: <JournalistsPage /> },
              { path: 'contacts/journalists/:journalistId', element: <JournalistPage /> },
              { path: 'contacts/outlets', element: <OutletsPage /> },
              { path: 'contacts/outlets/:outletId', element: <OutletPage /> },
              { path: 'profile', element: <ProfilePage /> },
              {
                path: 'admin',
                element: <AdminLayout />,
                children: [
                  { index: true, element: <AdminIndex /> },
                  { path: 'users', element: <RequireRole roles={['admin']}><UsersPage /></RequireRole> },
                  { path: 'templates', element: <RequireRole roles={['admin', 'manager']}><TemplatesPage /></RequireRole> },
                  { path: 'mail', element: <RequireRole roles={['admin', 'manager']}><MailPage /></RequireRole> },
                  { path: 'intake', element: <RequireRole roles={['admin', 'manager']}><IntakeLogPage /></RequireRole> },
                  { path: 'outbox', element: <RequireRole roles={['admin', 'manager']}><OutboxPage /></RequireRole> },
                ],
              },
            ],
          },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
