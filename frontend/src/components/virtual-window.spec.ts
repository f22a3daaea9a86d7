import { computeWindow, scrollOffsetToReveal } from './virtual-window';

const base = { itemHeight: 50, viewportHeight: 500, overscan: 5 };

describe('computeWindow', () => {
  it('renders the visible rows plus overscan below at the top of the list', () => {
    expect(computeWindow({ ...base, itemCount: 10_000, scrollOffset: 0 })).toEqual({
      start: 0,
      end: 15,
      offset: 0,
      totalHeight: 500_000,
    });
  });

  it('renders a bounded slice around the scroll position, however long the list', () => {
    const window = computeWindow({ ...base, itemCount: 10_000, scrollOffset: 250_025 });
    expect(window).toEqual({ start: 4995, end: 5016, offset: 249_750, totalHeight: 500_000 });
    expect(window.end - window.start).toBeLessThanOrEqual(500 / 50 + 1 + 2 * 5);
  });

  it('stops at the last row when scrolled to the bottom', () => {
    expect(computeWindow({ ...base, itemCount: 100, scrollOffset: 4500 })).toMatchObject({ start: 85, end: 100 });
  });

  it('treats a scroll position past the end (the list shrank) as the bottom', () => {
    expect(computeWindow({ ...base, itemCount: 20, scrollOffset: 99_999 })).toMatchObject({ start: 5, end: 20, offset: 250 });
  });

  it('renders everything when the list is shorter than the viewport', () => {
    expect(computeWindow({ ...base, itemCount: 3, scrollOffset: 0 })).toEqual({ start: 0, end: 3, offset: 0, totalHeight: 150 });
  });

  it('renders nothing for an empty list', () => {
    expect(computeWindow({ ...base, itemCount: 0, scrollOffset: 0 })).toEqual({ start: 0, end: 0, offset: 0, totalHeight: 0 });
  });
});

describe('scrollOffsetToReveal', () => {
  it('leaves the scroll position alone when the row is in view', () => {
    expect(scrollOffsetToReveal(3, 50, 500, 0)).toBeNull();
  });

  it('scrolls up to a row above the viewport', () => {
    expect(scrollOffsetToReveal(2, 50, 500, 400)).toBe(100);
  });

  it('scrolls down just enough for a row below the viewport', () => {
    expect(scrollOffsetToReveal(12, 50, 500, 0)).toBe(150);
  });
});
