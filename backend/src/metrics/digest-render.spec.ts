import type { DeadlineMissDto, MetricValuesDto } from '@newsdesk/shared';
import { escapeHtml, renderDigest, type DigestReport } from './digest-render.js';
import { compareValues } from './period-comparison.js';

const values = (over: Partial<MetricValuesDto> = {}): MetricValuesDto => ({
  received: 4,
  assigned: 4,
  timeToAcknowledge: { count: 4, medianSeconds: 5, p90Seconds: 10 },
  firstResponseTime: { count: 3, medianSeconds: 3600, p90Seconds: 7200 },
  resolutionTime: { count: 2, medianSeconds: 7200, p90Seconds: 9000, reopened: 0 },
  reopens: 0,
  deadlines: { met: 1, missed: 1, pending: 0, hitRate: 0.5, noDeadline: 2 },
  backlog: 3,
  ...over,
});

const attack = '<img src=x onerror=alert(1)>';
const miss: DeadlineMissDto = {
  ticketId: '00000000-0000-4000-8000-000000000001',
  reference: 'ND-1001',
  subject: `"><script>alert('s')</script>`,
  deadlineAt: '2026-03-30T11:00:00.000Z',
  answeredAt: null,
  lateSeconds: 99,
  journalist: { id: '00000000-0000-4000-8000-000000000002', name: attack, email: 'evil@attacker.example' },
  outlet: { id: '00000000-0000-4000-8000-000000000003', name: '=HYPERLINK("http://evil")', tier: 'national' },
  officer: null,
};

function report(over: Partial<DigestReport> = {}): DigestReport {
  const current = values();
  const previous = values({ received: 2, deadlines: { met: 2, missed: 0, pending: 0, hitRate: 1, noDeadline: 0 } });
  return {
    frequency: 'weekly',
    from: '2026-03-30',
    to: '2026-04-05',
    previousFrom: '2026-03-23',
    previousTo: '2026-03-29',
    timeZone: 'Europe/London',
    current,
    figures: compareValues(current, previous),
    chart: [
      { period: '2026-03-23', rate: 1, decided: 2 },
      { period: '2026-03-30', rate: 0.5, decided: 2 },
      { period: '2026-04-06', rate: null, decided: 0 },
    ],
    misses: [miss],
    stories: [{ title: '<b>Bridge</b>', received: 2, open: 1 }],
    officers: [],
    publicUrl: 'https://desk.example',
    ...over,
  };
}

describe('digest rendering', () => {
  it('escapes every piece of text that came from outside, in text content and attributes', () => {
    const { html } = renderDigest(report(), { name: 'Mo "Manager" <m>' });
    expect(html).toContain(escapeHtml(attack));
    expect(html).not.toContain(attack);
    expect(html).not.toMatch(/<script|<img|<b>Bridge/);
    expect(html).toContain('&quot;&gt;&lt;script&gt;alert(&#39;s&#39;)&lt;/script&gt;');
    expect(html).toContain('Hello Mo &quot;Manager&quot; &lt;m&gt;,');
  });

  it('draws the hit rate as table bars a mail client shows, with no image or script to load', () => {
    const { html } = renderDigest(report(), { name: 'Mo' });
    expect(html).toContain('<td width="200" height="12" bgcolor="#2f6fde"');
    expect(html).toContain('<td width="100" height="12" bgcolor="#2f6fde"');
    expect(html).toContain('no deadlines');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('colours a change by whether it is good news for that figure', () => {
    const { html, text } = renderDigest(report(), { name: 'Mo' });
    expect(html).toMatch(/Deadlines met<\/th><td[^>]*>50%<\/td><td[^>]*>100%<\/td><td[^>]*color:#b42318[^>]*>▼ −50 pts \(worse\)/);
    expect(html).toMatch(/Inquiries received<\/th><td[^>]*>4<\/td><td[^>]*>2<\/td><td[^>]*color:#555555[^>]*>▲ \+2<\/td>/);
    expect(text).toMatch(/Deadlines met\s+50%\s+week before: 100%\s+−50 pts \(worse\)/);
  });

  it('attaches the figures and every miss as CSV, defusing text a spreadsheet would run', () => {
    const { attachments } = renderDigest(report(), { name: 'Mo' });
    expect(attachments.map((file) => file.filename)).toEqual(['newsdesk-figures-2026-03-30-2026-04-05.csv', 'newsdesk-deadline-misses-2026-03-30-2026-04-05.csv']);
    expect(attachments[0].content).toContain('2026-03-30,2026-04-05,2026-03-23,2026-03-29,deadlineHitRate,ratio,0.5000,1,-0.5000,down,worse');
    expect(attachments[1].content).toContain(`"'=HYPERLINK(""http://evil"")",national`);
  });

  it('says how many more misses there are than the mail lists', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ ...miss, ticketId: `t${i}`, reference: `ND-${2000 + i}` }));
    const current = values({ deadlines: { met: 0, missed: 12, pending: 0, hitRate: 0, noDeadline: 0 } });
    const { html, text } = renderDigest(report({ misses: many, current }), { name: 'Mo' });
    expect(html).toContain('ND-2009');
    expect(html).not.toContain('ND-2010');
    expect(html).toContain('and 2 more');
    expect(text).toContain('and 2 more (all in the attached CSV)');
  });
});
