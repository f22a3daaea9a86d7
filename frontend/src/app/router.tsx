import type { UserRole } from '@newsdesk/shared';
import type { ComponentType } from 'react';
import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { useSession } from '../features/auth/hooks/useSession';
import { adminSectionsFor } from '../features/admin/admin-sections';
import { AdminLayout } from '../features/admin/components/AdminLayout';
import { RequireRole } from '../features/auth/components/RequireRole';
import { RequireSession } from '../features/auth/components/RequireSession';
import { ForgotPasswordPage } from '../features/auth/pages/ForgotPasswordPage';
import { ResetPasswordPage } from '../features/auth/pages/ResetPasswordPage';
import { SetupPage } from '../features/auth/pages/SetupPage';
import { SignInPage } from '../features/auth/pages/SignInPage';
import { TwoFactorSetupPage } from '../features/auth/pages/TwoFactorSetupPage';
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

// The queue and the ticket are in the first bundle; stories, statements, approvals, contacts, profile and admin load when opened.
function page(load: () => Promise<ComponentType>, roles?: readonly UserRole[]): Pick<RouteObject, 'lazy'> {
  return {
    lazy: async () => {
      const Page = await load();
      return { element: roles ? <RequireRole roles={roles}><Page /></RequireRole> : <Page /> };
    },
  };
}

export const routes: RouteObject[] = [
  {
    errorElement: <ErrorPage />,
    children: [
      { path: '/signin', element: <SignInPage /> },
      { path: '/setup', element: <SetupPage /> },
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
      { path: '/reset-password', element: <ResetPasswordPage /> },
      {
        element: <RequireSession />,
        children: [
          { path: 'two-factor/setup', element: <TwoFactorSetupPage /> },
          {
            element: <AppLayout />,
            children: [
              { index: true, element: <QueuePage /> },
              { path: 'tickets/new/inquiry', ...page(async () => (await import('../features/tickets/pages/LogInquiryPage')).LogInquiryPage) },
              { path: 'tickets/new/email', ...page(async () => (await import('../features/tickets/pages/NewMailPage')).NewMailPage) },
              { path: 'tickets/:ticketRef', element: <TicketPage /> },
              { path: 'contacts', element: <Navigate to="/contacts/journalists" replace /> },
              { path: 'contacts/journalists', ...page(async () => (await import('../features/contacts/pages/JournalistsPage')).JournalistsPage) },
              { path: 'contacts/journalists/:journalistId', ...page(async () => (await import('../features/contacts/pages/JournalistPage')).JournalistPage) },
              { path: 'contacts/outlets', ...page(async () => (await import('../features/contacts/pages/OutletsPage')).OutletsPage) },
              { path: 'contacts/outlets/:outletId', ...page(async () => (await import('../features/contacts/pages/OutletPage')).OutletPage) },
              { path: 'stories', ...page(async () => (await import('../features/stories/pages/StoriesPage')).StoriesPage) },
              { path: 'stories/:storyId', ...page(async () => (await import('../features/stories/pages/StoryPage')).StoryPage) },
              { path: 'statements', ...page(async () => (await import('../features/statements/pages/StatementsPage')).StatementsPage) },
              { path: 'statements/:statementId', ...page(async () => (await import('../features/statements/pages/StatementPage')).StatementPage) },
              // Approvers are managers, admins or officers given the right: the page checks, as the server does.
              { path: 'approvals', ...page(async () => (await import('../features/approvals/pages/ApprovalsPage')).ApprovalsPage) },
              { path: 'profile', ...page(async () => (await import('../features/profile/pages/ProfilePage')).ProfilePage) },
              { path: 'metrics', ...page(async () => (await import('../features/metrics/pages/MetricsPage')).MetricsPage, ['admin', 'manager']) },
              {
                path: 'admin',
                element: <AdminLayout />,
                children: [
                  { index: true, element: <AdminIndex /> },
                  { path: 'users', ...page(async () => (await import('../features/admin/pages/UsersPage')).UsersPage, ['admin']) },
                  { path: 'approval-rules', ...page(async () => (await import('../features/admin/pages/ApprovalRulesPage')).ApprovalRulesPage, ['admin']) },
                  { path: 'templates', ...page(async () => (await import('../features/admin/pages/TemplatesPage')).TemplatesPage, ['admin', 'manager']) },
                  { path: 'mail', ...page(async () => (await import('../features/admin/pages/MailPage')).MailPage, ['admin', 'manager']) },
                  { path: 'intake', ...page(async () => (await import('../features/admin/pages/IntakeLogPage')).IntakeLogPage, ['admin', 'manager']) },
                  { path: 'outbox', ...page(async () => (await import('../features/admin/pages/OutboxPage')).OutboxPage, ['admin', 'manager']) },
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
