import type { CalendarSubscriptionDto, ProfileDto } from '@newsdesk/shared';
import { screen, within } from '@testing-library/react';
import { buildSession, buildUser } from '../../../test/factories';
import { errorReply, stubFetch } from '../../../test/fetch-stub';
import { renderApp } from '../../../test/render-app';

const me = buildUser({ name: 'Dana Desk' });
const profile: ProfileDto = { ...me, signature: null, notifyAssigned: true, notifyReplied: true, notifyApprovals: true };
const none: CalendarSubscriptionDto = { active: false, prefix: null, createdAt: null, lastUsedAt: null, timeZone: 'Europe/Berlin' };
const active: CalendarSubscriptionDto = { active: true, prefix: 'ndcal_Ab3x', createdAt: '2026-12-06T09:00:00.000Z', lastUsedAt: null, timeZone: 'Europe/Berlin' };
const URL = 'https://desk.example/api/calendar/deadlines/ndcal_Ab3xSECRETSECRETSECRETSECRETSECRETSECRETSE.ics';

function stubProfile(calendar: Parameters<typeof stubFetch>[0]) {
  return stubFetch({
    'GET /api/auth/session': { status: 200, body: buildSession({ user: me }) },
    'GET /api/users/me': { status: 200, body: profile },
    'GET /api/auth/tokens': { status: 200, body: [] },
    'GET /api/users/me/sessions': { status: 200, body: [] },
    'GET /api/auth/two-factor': { status: 200, body: { enabled: false, required: false, enrolmentPending: false, recoveryCodesLeft: 0 } },
    ...calendar,
  });
}

async function section() {
  return (await screen.findByRole('heading', { name: 'Deadline calendar' })).closest('section') as HTMLElement;
}

describe('deadline calendar on the profile', () => {
  it('creates a link and shows its URL once, with a webcal link, then only its details', async () => {
    let current = none;
    const { requests } = stubProfile({
      'GET /api/calendar/subscription': () => ({ status: 200, body: current }),
      'POST /api/calendar/subscription': () => {
        current = active;
        return { status: 201, body: { ...active, url: URL } };
      },
    });
    const { user } = renderApp('/profile');
    const panel = await section();

    expect(await within(panel).findByText('You have no calendar link.')).toBeInTheDocument();
    expect(within(panel).getByText(/in the office time zone \(Europe\/Berlin\)/)).toBeInTheDocument();
    await user.click(within(panel).getByRole('button', { name: 'Create calendar link' }));

    expect(await within(panel).findByLabelText('Calendar link')).toHaveValue(URL);
    expect(within(panel).getByRole('link', { name: 'Open in calendar app' })).toHaveAttribute('href', URL.replace('https:', 'webcal:'));
    expect(within(panel).getByText(/it is not shown again/)).toBeInTheDocument();
    expect(await within(panel).findByText(/not fetched yet/)).toHaveTextContent('Link ndcal_Ab3x… created');
    expect(within(panel).getByRole('button', { name: 'Replace link' })).toBeInTheDocument();
    expect(requests.filter((request) => request.method === 'POST')).toHaveLength(1);
  });

  it('revokes the link, hides the URL shown before, and says when a change fails', async () => {
    let current: CalendarSubscriptionDto = active;
    let posts = 0;
    stubProfile({
      'GET /api/calendar/subscription': () => ({ status: 200, body: current }),
      'POST /api/calendar/subscription': () => {
        posts += 1;
        return posts === 1 ? { status: 201, body: { ...active, url: URL } } : errorReply(429, 'Too many requests; try again in a minute.');
      },
      'DELETE /api/calendar/subscription': () => {
        current = none;
        return { status: 204 };
      },
    });
    const { user } = renderApp('/profile');
    const panel = await section();

    await user.click(await within(panel).findByRole('button', { name: 'Replace link' }));
    expect(await within(panel).findByLabelText('Calendar link')).toHaveValue(URL);
    await user.click(within(panel).getByRole('button', { name: 'Revoke link' }));
    expect(await within(panel).findByText('You have no calendar link.')).toBeInTheDocument();
    expect(within(panel).queryByLabelText('Calendar link')).not.toBeInTheDocument();

    await user.click(within(panel).getByRole('button', { name: 'Create calendar link' }));
    expect(await within(panel).findByRole('alert')).toHaveTextContent('Too many requests; try again in a minute.');
  });
});
