import type { ResponseTargetDto, TargetBreachDto, TargetOutcomesDto, UserRole } from '@newsdesk/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { buildSession, buildUser } from '../../../test/factories';
import { stubFetch } from '../../../test/fetch-stub';
import { renderApp } from '../../../test/render-app';

const ANA = '00000000-0000-4000-8000-00000000a11a';

const outcomes = (groupBy: TargetOutcomesDto['groupBy']): TargetOutcomesDto => ({
  from: '2026-03-02',
  to: '2026-03-29',
  groupBy,
  total: { hits: 40, breaches: 10, pending: 2, hitRate: 0.8 },
  rows:
    groupBy === 'tier'
      ? [{ key: 'national', label: 'national', hits: 20, breaches: 5, pending: 1, hitRate: 0.8 }]
      : [
          { key: ANA, label: 'Ana Officer', hits: 30, breaches: 7, pending: 1, hitRate: 30 / 37 },
          { key: null, label: 'Unassigned', hits: 10, breaches: 3, pending: 1, hitRate: 10 / 13 },
        ],
});

const breach: TargetBreachDto = {
  ticketId: 't1',
  reference: 'ND-2001',
  subject: 'Bridge closure',
  officer: { id: ANA, name: 'Ana Officer' },
  outlet: { id: 'o1', name: 'National Daily', tier: 'national' },
  requestType: 'comment',
  targetMinutes: 30,
  dueAt: '2026-03-24T10:00:00.000Z',
  firstResponseAt: '2026-03-24T11:25:00.000Z',
  lateSeconds: 85 * 60,
};

const targets: ResponseTargetDto[] = [
  { id: 'r1', tier: null, requestType: null, minutes: 240, updatedAt: '2026-03-01T00:00:00.000Z' },
  { id: 'r2', tier: 'national', requestType: null, minutes: 30, updatedAt: '2026-03-01T00:00:00.000Z' },
];

function signedInAs(role: UserRole) {
  const empty = { from: '2026-03-02', to: '2026-03-29', timeZone: 'Europe/London', clock: 'calendar', filters: {}, groupBy: null, groups: [], source: 'rollups', generatedAt: '2026-03-29T12:00:00.000Z' };
  return stubFetch({
    'GET /api/auth/session': { status: 200, body: buildSession({ user: buildUser({ role, name: `A ${role}` }) }) },
    'GET /api/tickets': { status: 200, body: { items: [], nextCursor: null } },
    'GET /api/metrics/options': { status: 200, body: { timeZone: 'Europe/London', businessHours: null, officers: [], teams: [], outlets: [], topics: [] } },
    'GET /api/metrics/summary': { status: 500, body: { statusCode: 500, error: 'Error', message: 'not under test', correlationId: 'x' } },
    'GET /api/metrics/series': { status: 500, body: { statusCode: 500, error: 'Error', message: 'not under test', correlationId: 'x', ...empty } },
    'GET /api/metrics/digest-subscription': { status: 200, body: { subscribed: false } },
    'GET /api/metrics/targets': (request) => ({ status: 200, body: outcomes((new URL(request.url).searchParams.get('groupBy') ?? 'officer') as TargetOutcomesDto['groupBy']) }),
    'GET /api/metrics/targets/breaches': { status: 200, body: { items: [breach], nextCursor: null } },
    'GET /api/response-targets': { status: 200, body: targets },
    'PATCH /api/response-targets/r2': { status: 200, body: { ...targets[1], minutes: 45 } },
    'POST /api/response-targets': { status: 201, body: { id: 'r3', tier: 'local', requestType: 'interview', minutes: 90, updatedAt: '2026-03-29T12:00:00.000Z' } },
  });
}

describe('First-response targets on the metrics page', () => {
  it('counts hits and misses per officer and opens the breaches of a row: who, which outlet, how late', async () => {
    const { requests } = signedInAs('manager');
    const { user } = renderApp('/metrics?from=2026-03-02&to=2026-03-29');

    const section = within((await screen.findByRole('heading', { name: 'First-response targets' })).closest('section')!);
    expect(await section.findByText('80%')).toBeInTheDocument();
    const ana = section.getByRole('rowheader', { name: 'Ana Officer' }).closest('tr')!;
    expect(ana).toHaveTextContent('30');
    expect(ana).toHaveTextContent('81%');

    await user.click(section.getByRole('button', { name: '7 missed: show the breaches (Ana Officer)' }));
    const panel = within(await screen.findByRole('region', { name: /Missed targets · Ana Officer · 2026-03-02 to 2026-03-29/ }));
    expect(await panel.findByRole('link', { name: 'ND-2001' })).toHaveAttribute('href', '/tickets/ND-2001');
    expect(panel.getByRole('rowheader', { name: 'Bridge closure' }).closest('tr')).toHaveTextContent(/Ana Officer.*National Daily · national.*30 min.*1 h 25 min/);
    const call = requests.find((r) => new URL(r.url).pathname === '/api/metrics/targets/breaches');
    expect(Object.fromEntries(new URL(call!.url).searchParams)).toEqual({ from: '2026-03-02', to: '2026-03-29', officer: ANA });
  });

  it('breaks down by tier on request', async () => {
    const { requests } = signedInAs('manager');
    const { user } = renderApp('/metrics');
    const select = await screen.findByLabelText('Break down');
    await user.selectOptions(select, 'tier');
    expect(await screen.findByRole('rowheader', { name: 'national' })).toBeInTheDocument();
    expect(requests.some((r) => new URL(r.url).searchParams.get('groupBy') === 'tier')).toBe(true);
  });

  it('lets admins add a target and shows managers the targets without the form', async () => {
    const admin = signedInAs('admin');
    const { user, unmount } = renderApp('/metrics');
    await user.click(await screen.findByText('Targets in force (2)'));
    const editor = within(screen.getByText('Targets in force (2)').closest('details')!);
    expect(editor.getByText(/national outlets/)).toHaveTextContent('national outlets: 30 min');
    await user.selectOptions(editor.getByLabelText('Outlet tier'), 'local');
    await user.selectOptions(editor.getByLabelText('Request type'), 'interview');
    await user.clear(editor.getByLabelText('Office minutes'));
    await user.type(editor.getByLabelText('Office minutes'), '90');
    await user.click(editor.getByRole('button', { name: 'Add target' }));
    const post = await waitForRequest(admin.requests, 'POST');
    expect(await post.json()).toEqual({ tier: 'local', requestType: 'interview', minutes: 90 });

    const national = within(editor.getByText(/national outlets/).closest('li')!);
    await user.click(national.getByRole('button', { name: 'Change' }));
    await user.clear(national.getByLabelText('Office minutes for national outlets'));
    await user.type(national.getByLabelText('Office minutes for national outlets'), '45');
    await user.click(national.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(admin.requests.some((r) => r.method === 'PATCH')).toBe(true));
    const patch = admin.requests.find((r) => r.method === 'PATCH')!;
    expect(new URL(patch.url).pathname).toBe('/api/response-targets/r2');
    expect(await patch.json()).toEqual({ minutes: 45 });
    unmount();

    signedInAs('manager');
    const manager = renderApp('/metrics');
    await manager.user.click(await screen.findByText('Targets in force (2)'));
    expect(screen.getByText(/Every inquiry \(default\)/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add target' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Remove' })).not.toBeInTheDocument();
  });
});

async function waitForRequest(requests: Request[], method: string): Promise<Request> {
  const match = () => requests.find((r) => r.method === method && new URL(r.url).pathname === '/api/response-targets');
  await waitFor(() => expect(match()).toBeDefined());
  return match()!;
}
