import type { JournalistDetailDto, UserRole } from '@newsdesk/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { buildSession, buildUser } from '../../../test/factories';
import { stubFetch, type StubReply } from '../../../test/fetch-stub';
import { renderApp } from '../../../test/render-app';

const owner = buildUser({ name: 'Sam Press' });

const journalist: JournalistDetailDto = {
  id: 'j-7',
  name: 'Maria Lopez',
  email: 'maria@paper.example',
  aliases: [],
  phone: null,
  beat: 'Transport',
  notes: null,
  preferredContact: 'phone',
  relationshipOwner: { id: owner.id, name: owner.name },
  outlet: null,
  inquiryCount: 2,
  lastInquiryAt: null,
  inquiries: [],
  createdAt: '2025-01-01T09:00:00.000Z',
  updatedAt: '2025-01-01T09:00:00.000Z',
};

function journalistRoutes(role: UserRole, extra: Record<string, StubReply | (() => StubReply)> = {}) {
  return stubFetch({
    'GET /api/auth/session': { status: 200, body: buildSession({ user: buildUser({ role, name: 'Ada Admin' }), csrfToken: 'csrf-privacy' }) },
    'GET /api/journalists/j-7': { status: 200, body: journalist },
    'GET /api/journalists': { status: 200, body: { items: [], nextCursor: null } },
    'GET /api/outlets': { status: 200, body: { items: [], nextCursor: null } },
    'GET /api/users': { status: 200, body: [owner] },
    ...extra,
  });
}

describe('JournalistPage', () => {
  it('edits the preferred contact and the relationship owner', async () => {
    const { requests } = journalistRoutes('agent', { 'PATCH /api/journalists/j-7': { status: 200, body: { ...journalist, preferredContact: 'email', relationshipOwner: null } } });
    const { user } = renderApp('/contacts/journalists/j-7');

    expect(await screen.findByLabelText('Preferred contact')).toHaveValue('phone');
    await within(screen.getByLabelText('Relationship owner')).findByRole('option', { name: 'Sam Press' });
    expect(screen.getByLabelText('Relationship owner')).toHaveValue(owner.id);
    await user.selectOptions(screen.getByLabelText('Preferred contact'), 'Email');
    await user.selectOptions(screen.getByLabelText('Relationship owner'), 'Nobody');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(requests.some((request) => request.method === 'PATCH')).toBe(true));
    expect(await requests.find((request) => request.method === 'PATCH')?.json()).toMatchObject({ preferredContact: 'email', relationshipOwnerId: null });
  });

  it('shows personal-data requests to admins only', async () => {
    journalistRoutes('manager');
    renderApp('/contacts/journalists/j-7');

    await screen.findByRole('heading', { name: 'Maria Lopez' });
    expect(screen.queryByRole('heading', { name: 'Personal data' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Erase personal data…' })).not.toBeInTheDocument();
  });

  it('offers an admin the export as a download', async () => {
    journalistRoutes('admin');
    renderApp('/contacts/journalists/j-7');

    const link = await screen.findByRole('link', { name: 'Export their data (JSON)' });
    expect(link).toHaveAttribute('href', '/api/journalists/j-7/export');
    expect(link).toHaveAttribute('download', 'journalist-j-7.json');
  });

  it('erases only after the admin types the journalist’s address in a confirmation dialog', async () => {
    let current = journalist;
    const { requests } = journalistRoutes('admin', {
      'GET /api/journalists/j-7': () => ({ status: 200, body: current }),
      'POST /api/journalists/j-7/erase': () => {
        // As the server does: blanked, with the same updatedAt.
        current = { ...journalist, name: null, email: null, beat: null, preferredContact: null };
        return { status: 200, body: { journalistId: 'j-7', tickets: 2, messages: 5, rawMessages: 3, attachments: 1 } };
      },
    });
    const { user } = renderApp('/contacts/journalists/j-7');

    const open = await screen.findByRole('button', { name: 'Erase personal data…' });
    await user.click(open);
    const dialog = screen.getByRole('dialog', { name: 'Erase Maria Lopez’s personal data?' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    const confirm = within(dialog).getByLabelText('Type maria@paper.example to confirm');
    expect(confirm).toHaveFocus();
    const erase = within(dialog).getByRole('button', { name: 'Erase for good' });
    expect(erase).toBeDisabled();

    await user.type(confirm, 'maria@paper.exampl');
    expect(erase).toBeDisabled();
    await user.keyboard('{Enter}');
    expect(requests.some((request) => request.method === 'POST')).toBe(false);

    await user.type(confirm, 'E');
    expect(erase).toBeEnabled();
    await user.click(erase);

    expect(await screen.findByText(/^Erased:/)).toHaveTextContent('Erased: personal data removed from 2 inquiries, 5 messages, 3 stored mails and 1 attachment.');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    // The form starts over from the blanked record, so saving cannot write the erased data back.
    expect(await screen.findByRole('heading', { name: 'Unnamed journalist' })).toBeInTheDocument();
    expect(screen.getByLabelText('Name')).toHaveValue('');
    expect(screen.getByLabelText('Email')).toHaveValue('');
    const post = requests.find((request) => request.method === 'POST');
    expect(post?.headers.get('x-csrf-token')).toBe('csrf-privacy');
    expect(await post?.json()).toEqual({ confirm: 'maria@paper.examplE' });
  });

  it('closes the confirmation with Escape, erasing nothing, and gives focus back', async () => {
    const { requests } = journalistRoutes('admin');
    const { user } = renderApp('/contacts/journalists/j-7');

    const open = await screen.findByRole('button', { name: 'Erase personal data…' });
    await user.click(open);
    await user.type(screen.getByLabelText('Type maria@paper.example to confirm'), 'maria@paper.example');
    await user.keyboard('{Escape}');

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(open).toHaveFocus();
    expect(requests.some((request) => request.method === 'POST')).toBe(false);
  });

  it('keeps the keyboard inside the confirmation', async () => {
    journalistRoutes('admin');
    const { user } = renderApp('/contacts/journalists/j-7');

    await user.click(await screen.findByRole('button', { name: 'Erase personal data…' }));
    const dialog = screen.getByRole('dialog');
    await user.tab();
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.tab();
    expect(within(dialog).getByLabelText('Type maria@paper.example to confirm')).toHaveFocus();
  });
});
