import { createBrowserRouter, type RouteObject } from 'react-router';
import { RequireSession } from '../features/auth/components/RequireSession';
import { SetupPage } from '../features/auth/pages/SetupPage';
import { SignInPage } from '../features/auth/pages/SignInPage';
import { QueuePage } from '../features/tickets/pages/QueuePage';
import { AppLayout } from './AppLayout';
import { ErrorPage } from './ErrorPage';
import { NotFoundPage } from './NotFoundPage';

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
            children: [{ index: true, element: <QueuePage /> }],
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
