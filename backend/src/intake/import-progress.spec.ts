import { ImportProgress } from './import-progress.js';

/** A terminal stand-in that records what is written, and a clock the test moves. */
function setup(total: number, columns = 100) {
  const written: string[] = [];
  let now = 1_000;
  const progress = new ImportProgress({ write: (text: string) => written.push(text), columns }, total, () => now);
  return { written, progress, advance: (ms: number) => (now += ms) };
}

describe('ImportProgress', () => {
  it('shows messages done of the total, the rate since the start and the time left', () => {
    const { progress, advance } = setup(2000);
    advance(4_000);
    expect(progress.render(500)).toBe(`[##########..............................]  25% 500/2000 messages  125 msg/s  ETA 0:12`);
  });

  it('says how long the import took once every message is done', () => {
    const { progress, advance } = setup(300);
    advance(75_000);
    expect(progress.render(300)).toMatch(/ 100% 300\/300 messages  4\.0 msg\/s  done in 1:15$/);
  });

  it('shows an unknown time left before the first message is done, and hours for long imports', () => {
    const { progress, advance } = setup(100_000);
    expect(progress.render(0)).toContain('ETA --:--');
    advance(10_000);
    expect(progress.render(100)).toContain('ETA 2:46:30');
  });

  it('redraws in place on one line, at most every 100 ms, and ends with a line break', () => {
    const { written, progress, advance } = setup(10);
    progress.update(1);
    progress.update(2);
    advance(50);
    progress.update(3);
    expect(written).toHaveLength(1);
    advance(60);
    progress.update(4);
    expect(written).toHaveLength(2);
    expect(written.every((text) => text.startsWith('\r\x1b[K[') && !text.includes('\n'))).toBe(true);
    progress.finish();
    expect(written.at(-2)).toContain('4/10 messages');
    expect(written.at(-1)).toBe('\n');
  });

  it('prints a note above the bar and draws the bar again below it', () => {
    const { written, progress } = setup(10);
    progress.update(3, true);
    progress.note('error       -       /mail/photo.eml  (not a mail message)');
    expect(written.slice(1)).toEqual(['\r\x1b[Kerror       -       /mail/photo.eml  (not a mail message)\n', expect.stringContaining('3/10 messages')]);
  });

  it('narrows the bar to fit a narrow terminal', () => {
    const { progress } = setup(10, 60);
    expect(progress.render(5).length).toBeLessThanOrEqual(60);
  });
});
