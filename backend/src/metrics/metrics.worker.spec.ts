import { nextRefreshAt, REFRESH_SHARE } from './metrics.worker.js';

describe('the background refresh of the metrics', () => {
  it('waits nine times as long as a refresh took, so refreshing takes at most a tenth of the time', () => {
    expect(REFRESH_SHARE).toBe(0.1);
    // A 20-second refresh of a very busy live day: the next one no sooner than 180 s after it ended.
    expect(nextRefreshAt(1_000_000, 1_020_000)).toBe(1_200_000);
    const took = 20_000;
    expect(took / (nextRefreshAt(0, took) - 0)).toBeCloseTo(REFRESH_SHARE, 10);
  });

  it('does not hold back the next refresh after a quick one, or when the clock stood still or went back', () => {
    expect(nextRefreshAt(5_000, 5_040)).toBe(5_400);
    expect(nextRefreshAt(5_000, 5_000)).toBe(5_000);
    expect(nextRefreshAt(5_000, 4_000)).toBe(4_000);
  });
});
