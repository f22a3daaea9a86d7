import { screen, within } from '@testing-library/react';
import { buildSession, buildUser } from '../../test/factories';
import { stubFetch } from '../../test/fetch-stub';
import { renderApp } from '../../test/render-app';

/** The API says `agent`; every screen says "press officer". */
describe('role names on screen', () => {
  it('calls an agent a press officer on their own profile', async () => {
    const user = buildUser({ role: 'agent', name: 'Sam Press', email: 'sam@press.example' });
    stubFetch({
      'GET /api/auth/session': { status: 200, body: buildSession({ user }) },
      'GET /api/users/me': { status: 200, body: { ...user, signature: null, notifyAssigned: true, notifyReplied: true } },
      'GET /api/auth/tokens': { status: 200, body: [] },
      'GET /api/calendar/subscription': { status: 200, body: { active: false, prefix: null, createdAt: null, lastUsedAt: null, timeZone: 'Europe/Berlin' } },
    });
    renderApp('/profile');

    expect(await screen.findByRole('heading', { name: 'Name, signature and notifications' }, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.getByText('sam@press.example · Press officer')).toBeInTheDocument();
    expect(screen.queryByText(/\bagent\b/i)).not.toBeInTheDocument();
  });

  it('offers and lists the role as press officer in user management', async () => {
    const admin = buildUser({ role: 'admin', name: 'Ada Admin' });
    const officer = buildUser({ role: 'agent', name: 'Sam Press' });
    stubFetch({
      'GET /api/auth/session': { status: 200, body: buildSession({ user: admin }) },
      'GET /api/users': { status: 200, body: [admin, officer] },
      'GET /api/tickets': { status: 200, body: { items: [], nextCursor: null } },
    });
    renderApp('/admin/users');

    await screen.findAllByText('Sam Press', {}, { timeout: 5000 });
    const row = screen.getAllByRole('row').find((candidate) => candidate.textContent?.includes('Sam Press')) as HTMLElement;
    const select = within(row).getByRole('combobox');
    expect(within(select).getByRole('option', { selected: true })).toHaveTextContent('Press officer');
    const options = within(select).getAllByRole('option').map((option) => option.textContent);
    expect(options).toEqual(['Admin', 'Manager', 'Press officer']);
    expect(document.body.textContent).not.toMatch(/\bagent\b/i);
  });
});
