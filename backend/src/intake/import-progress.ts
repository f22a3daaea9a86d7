/** Where the bar is drawn: a terminal stream (stderr), so stdout stays for results. */
export interface ProgressStream {
  write(text: string): unknown;
  columns?: number;
}

const CLEAR_LINE = '\r\x1b[K';
/** Redraws at most this often: a terminal write per message would cost more than the import. */
const REDRAW_MS = 100;

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, '0');
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/**
 * The import's progress bar: messages done/total, rate since the start, ETA; redrawn in place on one
 * terminal line. The clock is injected so the rate and ETA are testable.
 */
export class ImportProgress {
  private readonly started: number;
  private lastDraw = -Infinity;
  private done = 0;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly total: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  /** The bar for `done` messages at the current time. */
  render(done: number): string {
    const seconds = (this.now() - this.started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = done >= this.total ? 0 : rate > 0 ? (this.total - done) / rate : Infinity;
    const share = this.total ? Math.min(1, done / this.total) : 1;
    const text = ` ${done}/${this.total} messages  ${rate.toFixed(rate < 10 ? 1 : 0)} msg/s  ${done >= this.total ? `done in ${duration(seconds)}` : `ETA ${duration(eta)}`}`;
    const width = Math.max(10, Math.min(40, (this.stream.columns ?? 80) - text.length - 8));
    const filled = Math.round(share * width);
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%${text}`;
  }

  /** Records progress; redraws when the last draw is older than REDRAW_MS (or `force`). */
  update(done: number, force = false): void {
    this.done = done;
    const now = this.now();
    if (!force && now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    this.drawn = true;
    this.stream.write(`${CLEAR_LINE}${this.render(done)}`);
  }

  /** Prints a line above the bar (a failed message) and draws the bar again below it. */
  note(line: string): void {
    this.stream.write(`${this.drawn ? CLEAR_LINE : ''}${line}\n`);
    if (this.drawn) this.stream.write(this.render(this.done));
  }

  /** The final state, then a line end so the summary starts on its own line. */
  finish(): void {
    this.update(this.done, true);
    this.stream.write('\n');
  }
}
