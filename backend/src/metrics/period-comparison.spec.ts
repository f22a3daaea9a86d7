import { compareFigure, previousPeriod } from './period-comparison.js';

describe('period comparison', () => {
  it('compares a range with as many days just before it', () => {
    expect(previousPeriod('2026-03-30', '2026-04-05')).toEqual({ from: '2026-03-23', to: '2026-03-29' });
    expect(previousPeriod('2026-04-07', '2026-04-07')).toEqual({ from: '2026-04-06', to: '2026-04-06' });
    expect(previousPeriod('2026-03-01', '2026-03-31')).toEqual({ from: '2026-01-29', to: '2026-02-28' });
  });

  it('calls a rise good or bad by the figure: faster answers and more deadlines met are better, volume is neutral', () => {
    expect(compareFigure('firstResponseMedian', 1800, 3600)).toMatchObject({ change: -1800, direction: 'down', verdict: 'better' });
    expect(compareFigure('deadlineHitRate', 0.9, 0.8)).toMatchObject({ change: 0.1, direction: 'up', verdict: 'better' });
    expect(compareFigure('deadlinesMissed', 3, 1)).toMatchObject({ direction: 'up', verdict: 'worse' });
    expect(compareFigure('backlog', 10, 10)).toMatchObject({ change: 0, direction: 'same', verdict: 'same' });
    expect(compareFigure('received', 40, 30)).toMatchObject({ direction: 'up', verdict: 'neutral' });
    expect(compareFigure('resolutionMedian', null, 3600)).toMatchObject({ change: null, direction: null, verdict: null });
  });

  it('treats rates that differ by float noise as unchanged', () => {
    expect(compareFigure('deadlineHitRate', 2 / 3, 0.6666667)).toMatchObject({ change: 0, direction: 'same' });
  });
});
