import type { DeadlineMissDto, DigestPreviewDto, FigureComparisonDto, MetricsComparisonDto, MetricsSeriesDto, MetricsSummaryDto, MetricValuesDto } from '@newsdesk/shared';
import { screen, within } from '@testing-library/react';
import { buildSession, buildUser } from '../../../test/factories';
import { stubFetch } from '../../../test/fetch-stub';
import { renderApp } from '../../../test/render-app';
import { thirteenMonthsFrom } from '../components/HitRateTrend';

const values = (over: Partial<MetricValuesDto> = {}): MetricValuesDto => ({
  received: 412,
  assigned: 430,
  timeToAcknowledge: { count: 380, medianSeconds: 4, p90Seconds: 9 },
  firstResponseTime: { count: 398, medianSeconds: 42 * 60, p90Seconds: 3 * 3600 },
  resolutionTime: { count: 350, medianSeconds: 5 * 3600, p90Seconds: 51 * 3600, reopened: 12 },
  reopens: 14,
  deadlines: { met: 261, missed: 39, pending: 3, hitRate: 0.87, noDeadline: 97 },
  backlog: 57,
  ...over,
});

const summary: MetricsSummaryDto = {
  from: '2026-03-02',
  to: '2026-03-29',
  timeZone: 'Europe/London',
  clock: 'calendar',
  filters: {},
  groupBy: null,
  totals: values(),
  groups: [],
  source: 'rollups',
  generatedAt: '2026-03-29T12:00:00.000Z',
};

const figure = (f: FigureComparisonDto['figure'], current: number, previous: number, direction: FigureComparisonDto['direction'], verdict: FigureComparisonDto['verdict']): FigureComparisonDto => ({
  figure: f,
  current,
  previous,
  change: current - previous,
  direction,
  verdict,
});

const comparison: MetricsComparisonDto = {
  from: '2026-03-02',
  to: '2026-03-29',
  previousFrom: '2026-02-02',
  previousTo: '2026-03-01',
  timeZone: 'Europe/London',
  current: values(),
  previous: values(),
  figures: [
    figure('received', 412, 400, 'up', 'neutral'),
    figure('firstResponseMedian', 42 * 60, 30 * 60, 'up', 'worse'),
    figure('deadlineHitRate', 0.87, 0.8, 'up', 'better'),
    figure('deadlinesMissed', 39, 50, 'down', 'better'),
    figure('backlog', 57, 57, 'same', 'same'),
    figure('assigned', 430, 420, 'up', 'neutral'),
    figure('noDeadline', 97, 99, 'down', 'neutral'),
  ],
  groupBy: null,
  groups: [],
};

const ANA = '00000000-0000-4000-8000-00000000a11a';

const attack = '<img src=x onerror=alert(1)>';
const miss: DeadlineMissDto = {
  ticketId: 't1',
  reference: 'ND-4100',
  subject: 'Bridge closure',
  deadlineAt: '2026-03-24T11:00:00.000Z',
  answeredAt: '2026-03-24T12:30:00.000Z',
  lateSeconds: 5400,
  journalist: { id: 'j1', name: attack, email: 'evil@attacker.example' },
  outlet: { id: 'o1', name: 'National Daily', tier: 'national' },
  officer: { id: 'u1', name: 'Ana Officer' },
};

const hitRateSeries: MetricsSeriesDto = {
  metric: 'deadlineHitRate',
  unit: 'ratio',
  granularity: 'month',
  from: '2025-03-01',
  to: '2026-03-29',
  timeZone: 'Europe/London',
  clock: 'calendar',
  filters: {},
  groupBy: null,
  source: 'rollups',
  points: [
    { period: '2026-02-01', group: null, label: null, value: 0.8, count: 250, p90Seconds: null },
    { period: '2026-03-01', group: null, label: null, value: 0.87, count: 300, p90Seconds: null },
  ],
};

const escapedHtml = `<!DOCTYPE html><html><body><p>${attack.replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p></body></html>`;
const preview = (frequency: 'weekly' | 'daily'): DigestPreviewDto => ({
  frequency,
  from: '2026-03-23',
  to: frequency === 'weekly' ? '2026-03-29' : '2026-03-23',
  subject: 'Press office week of 2026-03-23: 2 deadlines missed, 33% met, 3 inquiries',
  html: escapedHtml,
  text: 'Hello',
  attachments: [{ filename: 'newsdesk-figures-2026-03-23-2026-03-29.csv', contentType: 'text/csv; charset=utf-8', content: 'from,to\r\n' }],
});

function stubs() {
  return stubFetch({
    'GET /api/auth/session': { status: 200, body: buildSession({ user: buildUser({ role: 'manager', name: 'Mo Manager' }) }) },
    'GET /api/tickets': { status: 200, body: { items: [], nextCursor: null } },
    'GET /api/metrics/options': { status: 200, body: { timeZone: 'Europe/London', businessHours: null, officers: [], teams: [], outlets: [], topics: [] } },
    'GET /api/metrics/summary': (request) =>
      new URL(request.url).searchParams.get('groupBy') === 'officer'
        ? { status: 200, body: { ...summary, groupBy: 'officer', groups: [{ key: ANA, label: 'Ana Officer', values: values({ received: 250 }) }] } }
        : { status: 200, body: summary },
    'GET /api/metrics/series': (request) =>
      new URL(request.url).searchParams.get('metric') === 'deadlineHitRate'
        ? { status: 200, body: hitRateSeries }
        : { status: 200, body: { ...hitRateSeries, metric: 'received', unit: 'count', granularity: 'week', points: [] } },
    'GET /api/metrics/comparison': (request) =>
      new URL(request.url).searchParams.get('groupBy') === 'officer'
        ? {
            status: 200,
            body: {
              ...comparison,
              groupBy: 'officer',
              groups: [{ key: ANA, label: 'Ana Officer', figures: [figure('received', 250, 200, 'up', 'neutral'), figure('deadlineHitRate', 0.87, 0.9, 'down', 'worse')] }],
            },
          }
        : { status: 200, body: comparison },
    'GET /api/metrics/deadline-misses': { status: 200, body: { items: [miss], nextCursor: null } },
    'GET /api/metrics/digest-settings': { status: 200, body: { subscribed: true, frequency: 'weekly' } },
    'PUT /api/metrics/digest-settings': { status: 200, body: { subscribed: true, frequency: 'daily' } },
    'GET /api/metrics/digest-preview': (request) => ({ status: 200, body: preview(new URL(request.url).searchParams.get('frequency') === 'daily' ? 'daily' : 'weekly') }),
  });
}

const card = async (title: string) => within(await screen.findByRole('list', { name: 'Headline numbers' })).getByRole('heading', { name: title }).parentElement!;

describe('the manager report on the metrics page', () => {
  it('shows each figure against the period before, coloured by whether the change is good news', async () => {
    stubs();
    renderApp('/metrics');

    const firstResponse = await card('First response');
    const delta = await within(firstResponse).findByText(/\+12 min \(worse\)/);
    expect(delta.closest('[data-figure]')).toHaveClass('worse');
    expect(firstResponse).toHaveTextContent('vs 30 min the period before');
    const deadlines = await card('Deadlines met');
    expect(within(deadlines).getByText(/\+7 pts \(better\)/).closest('[data-figure]')).toHaveClass('better');
    expect(deadlines).toHaveTextContent('Missed: ▼ −11 (better) vs 50 the period before');
    // Volume is neither good nor bad news.
    const received = await card('Inquiries received');
    expect(within(received).getByText(/\+12/).closest('[data-figure]')?.className).not.toMatch(/better|worse/);
    expect(await card('Open (backlog)')).toHaveTextContent('no change');
    // Every figure a card shows has its comparison, the ones in the details too.
    expect(received).toHaveTextContent('Assignments: ▲ +10 vs 420 the period before');
    expect(deadlines).toHaveTextContent('Without a deadline: ▼ −2 vs 99 the period before');
  });

  it('shows each officer in the breakdown against the period before', async () => {
    const { requests } = stubs();
    renderApp('/metrics');

    const table = within(await screen.findByRole('table', { name: 'By officer' }));
    const row = table.getByRole('rowheader', { name: 'Ana Officer' }).closest('tr')!;
    const worse = await within(row).findByText(/−3 pts/);
    expect(worse.closest('span[title]')).toHaveClass('worse');
    expect(row).toHaveTextContent('(worse) vs 90% the period before');
    expect(within(row).getByText(/\+50/).closest('span[title]')?.className).not.toMatch(/better|worse/);
    expect(requests.some((r) => new URL(r.url).pathname === '/api/metrics/comparison' && new URL(r.url).searchParams.get('groupBy') === 'officer')).toBe(true);
  });

  it('lists the missed deadlines one click from the headline, with journalist, outlet, officer and how late', async () => {
    const { requests } = stubs();
    const { user } = renderApp('/metrics');

    await user.click(await screen.findByRole('button', { name: '39 missed: who, where, how late' }));

    const panel = within(await screen.findByRole('region', { name: /Deadlines missed · 2 Mar 2026 to 29 Mar 2026/ }));
    const row = (await panel.findByRole('rowheader', { name: 'Bridge closure' })).closest('tr')!;
    expect(within(row).getByRole('link', { name: 'ND-4100' })).toHaveAttribute('href', '/tickets/ND-4100');
    // The attacker's name is text, not markup.
    expect(row).toHaveTextContent(attack);
    expect(row.querySelector('img')).toBeNull();
    expect(row).toHaveTextContent('National Daily · national');
    expect(row).toHaveTextContent('Ana Officer');
    expect(row).toHaveTextContent('answered 1 h 30 min late');
    const call = requests.find((r) => new URL(r.url).pathname === '/api/metrics/deadline-misses')!;
    expect(Object.fromEntries(new URL(call.url).searchParams)).toEqual({ from: '2026-03-02', to: '2026-03-29' });
    expect(panel.getByRole('link', { name: 'Download (CSV)' })).toHaveAttribute('href', '/api/metrics/deadline-misses?from=2026-03-02&to=2026-03-29&format=csv');
  });

  it('charts the hit rate over 13 months and opens the misses of a month', async () => {
    const { requests } = stubs();
    const { user } = renderApp('/metrics');

    const trend = within(await screen.findByRole('region', { name: 'Deadlines met, last 13 months' }));
    await user.click(await trend.findByRole('button', { name: 'Month from 1 Feb 2026: 80%' }));

    expect(await screen.findByRole('region', { name: /Deadlines missed · 1 Feb 2026 to 28 Feb 2026/ })).toBeInTheDocument();
    const series = requests.find((r) => new URL(r.url).searchParams.get('metric') === 'deadlineHitRate')!;
    expect(Object.fromEntries(new URL(series.url).searchParams)).toEqual({ from: '2025-03-01', to: '2026-03-29', metric: 'deadlineHitRate', granularity: 'month' });
    const misses = requests.filter((r) => new URL(r.url).pathname === '/api/metrics/deadline-misses').at(-1)!;
    expect(Object.fromEntries(new URL(misses.url).searchParams)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
  });

  it('counts 13 calendar months back across a year end', () => {
    expect(thirteenMonthsFrom('2026-03-29')).toBe('2025-03-01');
    expect(thirteenMonthsFrom('2026-12-31')).toBe('2025-12-01');
    expect(thirteenMonthsFrom('2026-01-15')).toBe('2025-01-01');
  });

  it('previews the digest in a frame that runs no script, exactly as the server rendered it, and switches to daily', async () => {
    const { requests } = stubs();
    const { user } = renderApp('/metrics');

    await user.click(await screen.findByRole('button', { name: 'Preview the digest' }));
    const frame = await screen.findByTitle(/^Digest preview: Press office week of 2026-03-23/);
    expect(frame.tagName).toBe('IFRAME');
    expect(frame).toHaveAttribute('sandbox', '');
    expect(frame.getAttribute('srcdoc')).toBe(escapedHtml);
    expect(screen.getByRole('region', { name: 'Digest preview' })).toHaveTextContent('newsdesk-figures-2026-03-23-2026-03-29.csv');

    await user.selectOptions(screen.getByLabelText('How often'), 'daily');
    const put = requests.find((r) => r.method === 'PUT')!;
    expect(await put.json()).toEqual({ frequency: 'daily' });
    expect(await screen.findByRole('region', { name: 'Digest preview' })).toHaveTextContent('The daily mail for 2026-03-23, exactly as sent');
  });
});
