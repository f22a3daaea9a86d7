import type { MetricsSummaryDto, MetricValuesDto } from '@newsdesk/shared';
import { summaryToCsv, SUMMARY_CSV_HEADER } from './metrics-csv.js';

const values: MetricValuesDto = {
  received: 3,
  assigned: 2,
  timeToAcknowledge: { count: 0, medianSeconds: null, p90Seconds: null },
  firstResponseTime: { count: 2, medianSeconds: 600, p90Seconds: 3600 },
  resolutionTime: { count: 1, medianSeconds: 7200, p90Seconds: 7200, reopened: 0 },
  reopens: 0,
  deadlines: { met: 2, missed: 1, pending: 0, hitRate: 2 / 3, noDeadline: 1 },
  backlog: 1,
};

describe('metrics CSV', () => {
  it('quotes commas and quotes and defuses formulas in labels', () => {
    const summary: MetricsSummaryDto = {
      from: '2026-03-01',
      to: '2026-03-31',
      timeZone: 'Europe/London',
      clock: 'calendar',
      filters: {},
      groupBy: 'outlet',
      totals: values,
      groups: [
        { key: 'a', label: 'Smith, Jones & "Partners"', values },
        { key: 'b', label: '=HYPERLINK("http://evil")', values },
        { key: null, label: 'No outlet', values },
      ],
      source: 'rollups',
      generatedAt: '2026-04-01T00:00:00.000Z',
    };
    const lines = summaryToCsv(summary).split('\r\n');
    expect(lines[0]).toBe(SUMMARY_CSV_HEADER.join(','));
    expect(lines[1]).toBe('2026-03-01,2026-03-31,Europe/London,calendar,outlet,total,Total,3,2,0,,,2,600,3600,1,0,7200,7200,0,2,1,0,0.6667,1,1');
    expect(lines[2]).toContain(',a,"Smith, Jones & ""Partners""",3,');
    expect(lines[3]).toContain(`,b,"'=HYPERLINK(""http://evil"")",3,`);
    expect(lines[4]).toContain(',none,No outlet,3,');
    expect(lines[5]).toBe('');
  });
});
