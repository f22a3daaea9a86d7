import type { MetricGroupValuesDto, MetricsSeriesDto, MetricsSummaryDto, MetricTicketDto, MetricValuesDto, UserRole } from '@newsdesk/shared';
import { screen, within } from '@testing-library/react';
import { buildSession, buildUser } from '../../../test/factories';
import { stubFetch } from '../../../test/fetch-stub';
import { renderApp } from '../../../test/render-app';

const ANA = '00000000-0000-4000-8000-00000000a11a';

function values(overrides: Partial<MetricValuesDto> = {}): MetricValuesDto {
  return {
    received: 412,
    assigned: 430,
    timeToAcknowledge: { count: 380, medianSeconds: 4, p90Seconds: 9 },
    firstResponseTime: { count: 398, medianSeconds: 42 * 60, p90Seconds: 3 * 3600 + 10 * 60 },
    resolutionTime: { count: 350, medianSeconds: 5 * 3600, p90Seconds: 51 * 3600, reopened: 12 },
    reopens: 14,
    deadlines: { met: 261, missed: 39, pending: 3, hitRate: 0.87, noDeadline: 97 },
    backlog: 57,
    ...overrides,
  };
}

function summary(groupBy: MetricsSummaryDto['groupBy'], groups: MetricGroupValuesDto[] = []): MetricsSummaryDto {
  return {
    from: '2026-03-02',
    to: '2026-03-29',
    timeZone: 'Europe/London',
    clock: 'calendar',
    filters: {},
    groupBy,
    totals: values(),
    groups,
    source: 'rollups',
    generatedAt: '2026-03-29T12:00:00.000Z',
  };
}

const series: MetricsSeriesDto = {
  metric: 'received',
  unit: 'count',
  granularity: 'week',
  from: '2026-03-02',
  to: '2026-03-29',
  timeZone: 'Europe/London',
  clock: 'calendar',
  filters: {},
  groupBy: null,
  source: 'rollups',
  points: [
    { period: '2026-03-02', group: null, label: null, value: 90, count: 90, p90Seconds: null },
    { period: '2026-03-09', group: null, label: null, value: 120, count: 120, p90Seconds: null },
    { period: '2026-03-16', group: null, label: null, value: 101, count: 101, p90Seconds: null },
    { period: '2026-03-23', group: null, label: null, value: 101, count: 101, p90Seconds: null },
  ],
};

const ticket = (reference: string, subject: string, seconds: number | null = null): MetricTicketDto => ({
  id: `t-${reference}`,
  reference,
  subject,
  at: '2026-03-24T10:00:00.000Z',
  seconds,
  deadlineAt: null,
  officer: { id: ANA, name: 'Ana Officer' },
  outlet: { id: 'o1', name: 'National Daily' },
});

function signedInAs(role: UserRole) {
  return stubFetch({
    'GET /api/auth/session': { status: 200, body: buildSession({ user: buildUser({ role, name: `A ${role}` }) }) },
    'GET /api/tickets': { status: 200, body: { items: [], nextCursor: null } },
    'GET /api/metrics/options': {
      status: 200,
      body: {
        timeZone: 'Europe/London',
        businessHours: 'mon 09:00-17:30; holidays -',
        officers: [{ id: ANA, name: 'Ana Officer' }],
        teams: [],
        outlets: [{ id: 'o1', name: 'National Daily', tier: 'national' }],
        topics: ['transport'],
      },
    },
    'GET /api/metrics/summary': (request) => {
      const groupBy = new URL(request.url).searchParams.get('groupBy') as MetricsSummaryDto['groupBy'];
      if (groupBy === 'officer') {
        return {
          status: 200,
          body: summary('officer', [
            { key: ANA, label: 'Ana Officer', values: values({ received: 250 }) },
            { key: null, label: 'Unassigned', values: values({ received: 12 }) },
          ]),
        };
      }
      return { status: 200, body: summary(groupBy) };
    },
    // The 13-month hit rate trend asks for its own series.
    'GET /api/metrics/series': (request) =>
      new URL(request.url).searchParams.get('metric') === 'deadlineHitRate'
        ? { status: 200, body: { ...series, metric: 'deadlineHitRate', unit: 'ratio', granularity: 'month', points: [] } }
        : { status: 200, body: series },
    'GET /api/metrics/tickets': (request) => {
      const params = new URL(request.url).searchParams;
      const items =
        params.get('metric') === 'firstResponseTime'
          ? [ticket('ND-2001', 'Bridge closure', 40 * 60), ticket('ND-1999', 'Budget figures', 3600)]
          : [ticket(params.get('officer') === ANA ? 'ND-3001' : 'ND-1500', 'Harbour plans')];
      return { status: 200, body: { items, nextCursor: null } };
    },
    'GET /api/metrics/comparison': { status: 404 },
    'GET /api/metrics/digest-settings': { status: 200, body: { subscribed: false, frequency: 'weekly' } },
    'PUT /api/metrics/digest-settings': { status: 200, body: { subscribed: true, frequency: 'weekly' } },
  });
}

describe('MetricsPage', () => {
  it('shows the headline numbers as medians, percentiles and rates', async () => {
    signedInAs('manager');
    renderApp('/metrics');

    const cards = within(await screen.findByRole('list', { name: 'Headline numbers' }));
    expect(cards.getByRole('heading', { name: 'Inquiries received' }).parentElement).toHaveTextContent('412');
    expect(cards.getByRole('heading', { name: 'First response' }).parentElement).toHaveTextContent('42 min');
    expect(cards.getByRole('heading', { name: 'First response' }).parentElement).toHaveTextContent('90% within 3 h 10 min');
    expect(cards.getByRole('heading', { name: 'Deadlines met' }).parentElement).toHaveTextContent('87%');
    expect(cards.getByRole('heading', { name: 'Deadlines met' }).parentElement).toHaveTextContent('97 without a deadline');
    expect(cards.getByRole('heading', { name: 'Resolution time' }).parentElement).toHaveTextContent('5 h');
    expect(screen.getByText(/2 Mar 2026 to 29 Mar 2026 \(Europe\/London\)/)).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Main' })).toContainElement(screen.getByRole('link', { name: 'Metrics' }));
  });

  it('opens the tickets behind a headline number, each linking to its ticket', async () => {
    const { requests } = signedInAs('manager');
    const { user } = renderApp('/metrics');

    await user.click(await screen.findByRole('button', { name: 'Show tickets behind First response' }));

    const panel = within(await screen.findByRole('region', { name: /First response · 2 Mar 2026 to 29 Mar 2026/ }));
    expect(await panel.findByRole('link', { name: 'ND-2001' })).toHaveAttribute('href', '/tickets/ND-2001');
    expect(panel.getByRole('rowheader', { name: 'Budget figures' }).closest('tr')).toHaveTextContent('1 h');
    const call = requests.find((r) => new URL(r.url).pathname === '/api/metrics/tickets');
    expect(Object.fromEntries(new URL(call!.url).searchParams)).toEqual({ metric: 'firstResponseTime', from: '2026-03-02', to: '2026-03-29' });
  });

  it('drills into a breakdown row with that officer as a filter', async () => {
    const { requests } = signedInAs('manager');
    const { user } = renderApp('/metrics');

    const table = within(await screen.findByRole('table', { name: 'By officer' }));
    await user.click(table.getByRole('button', { name: '250: show the tickets (Ana Officer)' }));

    expect(await screen.findByRole('link', { name: 'ND-3001' })).toBeInTheDocument();
    const call = requests.filter((r) => new URL(r.url).pathname === '/api/metrics/tickets').at(-1)!;
    expect(new URL(call.url).searchParams.get('officer')).toBe(ANA);
    expect(new URL(call.url).searchParams.get('metric')).toBe('received');
  });

  it('keeps the filters in the address and asks the API with them, CSV links included', async () => {
    const { requests } = signedInAs('manager');
    const { user, location } = renderApp('/metrics');
    await screen.findByRole('list', { name: 'Headline numbers' });

    await user.selectOptions(screen.getByLabelText('Officer'), 'Ana Officer');
    await user.selectOptions(screen.getByLabelText('Channel'), 'email');

    expect(location().search).toBe(`?officer=${ANA}&channel=email`);
    const last = requests.filter((r) => new URL(r.url).pathname === '/api/metrics/summary' && !new URL(r.url).searchParams.has('groupBy')).at(-1)!;
    expect(Object.fromEntries(new URL(last.url).searchParams)).toEqual({ officer: ANA, channel: 'email' });
    expect(screen.getByRole('link', { name: 'Download summary (CSV)' })).toHaveAttribute('href', `/api/metrics/summary?officer=${ANA}&channel=email&format=csv`);
  });

  it('charts the trend and opens the tickets of one bar', async () => {
    const { requests } = signedInAs('manager');
    const { user } = renderApp('/metrics?trend=received&granularity=week');

    const bar = await screen.findByRole('button', { name: 'Week from 9 Mar 2026: 120' });
    await user.click(bar);

    expect(await screen.findByRole('region', { name: /Inquiries received · 9 Mar 2026 to 15 Mar 2026/ })).toBeInTheDocument();
    const call = requests.filter((r) => new URL(r.url).pathname === '/api/metrics/tickets').at(-1)!;
    expect(Object.fromEntries(new URL(call.url).searchParams)).toEqual({ metric: 'received', from: '2026-03-09', to: '2026-03-15' });
  });

  it('gives the trend chart a text table, always there for screen readers and shown on demand', async () => {
    signedInAs('manager');
    const { user } = renderApp('/metrics?trend=received&granularity=week');

    const table = await screen.findByRole('table', { name: 'Inquiries received per week' });
    expect(within(table).getByRole('columnheader', { name: 'Week from' })).toBeInTheDocument();
    expect(within(table).getByRole('row', { name: '9 Mar 2026 120' })).toBeInTheDocument();
    expect(table).toHaveClass('visuallyHidden');

    const toggle = screen.getByRole('button', { name: 'Show as table' });
    expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-pressed', 'true');
    expect(table).not.toHaveClass('visuallyHidden');
  });

  it('switches the digest on', async () => {
    const { requests } = signedInAs('admin');
    const { user } = renderApp('/metrics');

    const digest = await screen.findByRole('checkbox', { name: 'Email me a digest of these numbers' });
    await user.click(digest);

    expect(await screen.findByRole('checkbox', { name: 'Email me a digest of these numbers' })).toBeChecked();
    const put = requests.find((r) => r.method === 'PUT');
    expect(await put!.json()).toEqual({ subscribed: true });
  });

  it('shows agents neither the link nor the page', async () => {
    const { requests } = signedInAs('agent');
    renderApp('/metrics');

    expect(await screen.findByRole('heading', { name: 'No access' })).toBeInTheDocument();
    expect(within(screen.getByRole('navigation', { name: 'Main' })).queryByRole('link', { name: 'Metrics' })).not.toBeInTheDocument();
    expect(requests.some((r) => new URL(r.url).pathname.startsWith('/api/metrics'))).toBe(false);
  });
});
