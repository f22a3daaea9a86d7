/**
 * Stops the wall clock at `iso` for the rest of the test: `Date.now()` and `new Date()` return it
 * whenever the test runs, so deadlines, "5 min ago" and undo windows read the same on a fast laptop
 * and on a loaded CI machine. Only `Date` is faked: timers stay real, so user-event, waitFor and the
 * query client behave as in every other spec. Undo with `jest.useRealTimers()` in `afterEach`.
 */
export function fixClock(iso: string): number {
  const now = Date.parse(iso);
  jest.useFakeTimers({
    now,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
  return now;
}
