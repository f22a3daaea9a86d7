import type { StatementDetailDto, StatementVersionDto, UserRole } from '@newsdesk/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { buildSession, buildUser } from '../../../test/factories';
import { stubFetch, type StubReply } from '../../../test/fetch-stub';
import { renderApp } from '../../../test/render-app';

const author = buildUser({ name: 'Ana Agent' });
const manager = buildUser({ name: 'Mia Manager', role: 'manager' });

const v1: StatementVersionDto = {
  id: 'v-1',
  version: 1,
  body: 'Crews are at the scene.',
  createdBy: { id: author.id, name: author.name, email: author.email },
  createdAt: '2025-01-01T09:00:00.000Z',
  approvedBy: { id: manager.id, name: manager.name, email: manager.email },
  approvedAt: '2025-01-01T09:30:00.000Z',
};
const v2: StatementVersionDto = { ...v1, id: 'v-2', version: 2, body: 'The fire is contained.', createdAt: '2025-01-02T09:00:00.000Z', approvedBy: null, approvedAt: null };

const statement: StatementDetailDto = {
  id: 's-1',
  title: 'Fire holding line',
  topic: 'fire',
  status: 'approved',
  owner: { id: author.id, name: author.name, email: author.email },
  reviewBy: '2020-06-30',
  stale: true,
  currentVersion: v1,
  pendingVersion: v2,
  versions: [v2, v1],
  createdAt: '2025-01-01T09:00:00.000Z',
  updatedAt: '2025-01-02T09:00:00.000Z',
};

function statementRoutes(role: UserRole, extra: Record<string, StubReply | (() => StubReply)> = {}) {
  const user = role === 'manager' ? manager : buildUser({ role, name: `A ${role}` });
  return stubFetch({
    'GET /api/auth/session': { status: 200, body: buildSession({ user }) },
    'GET /api/statements/s-1': { status: 200, body: statement },
    'GET /api/statements/s-1/deliveries': {
      status: 200,
      body: {
        items: [
          {
            id: 'd-1',
            statementId: 's-1',
            statementVersionId: 'v-1',
            version: 1,
            ticket: { id: 't-1', reference: 'ND-1101', subject: 'Fire' },
            journalist: { id: 'j-1', name: 'Jo Reporter', email: 'jo@daily.example' },
            outlet: { id: 'o-1', name: 'Daily' },
            story: { id: 'st-1', title: 'Riverside fire', status: 'open' },
            messageId: 'm@x',
            sentBy: { id: author.id, name: author.name, email: author.email },
            createdAt: '2025-01-01T10:00:00.000Z',
          },
        ],
        nextCursor: null,
      },
    },
    'GET /api/users': { status: 200, body: [author, manager] },
    ...extra,
  });
}

describe('StatementPage', () => {
  it('shows the wording in force, the stale review date, the history and where it went', async () => {
    statementRoutes('agent');
    renderApp('/statements/s-1');

    expect(await screen.findByRole('heading', { name: 'Fire holding line' })).toBeInTheDocument();
    expect(screen.getByText(/Review overdue since/)).toHaveClass('badge', 'warning');
    const inForce = screen.getByRole('region', { name: 'In force' });
    expect(within(inForce).getByText('Crews are at the scene.')).toBeInTheDocument();
    expect(within(inForce).getByText('Version 2 awaits approval')).toBeInTheDocument();
    expect(within(inForce).getByText('A manager or admin approves it.')).toBeInTheDocument();
    expect(within(inForce).queryByRole('button', { name: /Approve/ })).not.toBeInTheDocument();
    const history = screen.getByRole('region', { name: 'Version history' });
    expect(within(history).getAllByRole('listitem').map((item) => item.querySelector('strong')?.textContent)).toEqual(['Version 2', 'Version 1']);
    const sent = screen.getByRole('region', { name: 'Sent to' });
    const row = await within(sent).findByRole('row', { name: /ND-1101/ });
    expect(row).toHaveTextContent('Jo Reporter');
    expect(within(row).getByRole('link', { name: 'Riverside fire' })).toHaveAttribute('href', '/stories/st-1');
  });

  it('lets a manager approve the pending version', async () => {
    let current = statement;
    const approved = { ...v2, approvedBy: { id: manager.id, name: manager.name, email: manager.email }, approvedAt: '2025-01-02T10:00:00.000Z' };
    const { requests } = statementRoutes('manager', {
      'GET /api/statements/s-1': () => ({ status: 200, body: current }),
      'POST /api/statements/s-1/versions/v-2/approve': () => {
        current = { ...statement, currentVersion: approved, pendingVersion: null, versions: [approved, v1] };
        return { status: 200, body: current };
      },
    });
    const { user } = renderApp('/statements/s-1');

    await user.click(await screen.findByRole('button', { name: 'Approve version 2' }));

    expect(await screen.findByText('Approved: version 2 is now the one sent and inserted.')).toBeInTheDocument();
    expect(requests.some((request) => request.method === 'POST' && request.url.endsWith('/versions/v-2/approve'))).toBe(true);
  });

  it('saves a new wording as a draft version', async () => {
    const { requests } = statementRoutes('agent', { 'POST /api/statements/s-1/versions': { status: 201, body: statement } });
    const { user } = renderApp('/statements/s-1');

    await user.click(await screen.findByRole('button', { name: 'Write a new version' }));
    const text = screen.getByLabelText('Text (Markdown)');
    expect(text).toHaveValue('The fire is contained.');
    expect(screen.getByRole('button', { name: 'Save as draft version' })).toBeDisabled();
    await user.type(text, ' Roads reopen at noon.');
    await user.click(screen.getByRole('button', { name: 'Save as draft version' }));

    await waitFor(() => expect(requests.some((request) => request.method === 'POST')).toBe(true));
    expect(await requests.find((request) => request.method === 'POST')?.json()).toEqual({ body: 'The fire is contained. Roads reopen at noon.' });
  });
});
