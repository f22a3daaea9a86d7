import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter } from 'react-router';
import { App } from '../app/App';
import { createQueryClient } from '../app/query-client';
import { routes } from '../app/router';

/** Mounts the whole app, with its real routes and query client, at `path`. */
export function renderApp(path: string) {
  const queryClient = createQueryClient();
  // Failed requests should fail the test at once rather than after back-off retries.
  queryClient.setDefaultOptions({ queries: { ...queryClient.getDefaultOptions().queries, retry: false } });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const user = userEvent.setup();
  const view = render(<App router={router} queryClient={queryClient} />);
  return { ...view, router, queryClient, user, location: () => router.state.location };
}
