import type { Clock } from '../common/clock.js';
import { WorkerLoop, type RoundResult } from './worker-loop.js';

/** A round the test finishes by hand, so "a round is running" is a state, not a race. */
class Rounds {
  started = 0;
  finished = 0;
  running = 0;
  most = 0;
  private releases: ((result: RoundResult) => void)[] = [];

  readonly round = () => {
    this.started++;
    this.running++;
    this.most = Math.max(this.most, this.running);
    return new Promise<RoundResult>((resolve) =>
      this.releases.push((result) => {
        this.running--;
        this.finished++;
        resolve(result);
      }),
    );
  };

  finish(result: RoundResult = 'idle') {
    const release = this.releases.shift();
    if (!release) throw new Error('no round is running');
    release(result);
  }
}

const until = async (condition: () => boolean, what: string, timeoutMs = 5_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('WorkerLoop', () => {
  let offset = 0;
  const clock = { now: () => new Date(Date.now() + offset) } as Clock;
  const context = { databaseUrl: 'postgres://unused', config: { DB_CONNECT_TIMEOUT_MS: 1_000, DB_LISTENER_KEEPALIVE_MS: 1_000 }, clock };
  const loops: WorkerLoop[] = [];
  const loopOf = (rounds: Rounds, settings: { everyMs?: number; lanes?: number } = {}) => {
    const loop = new WorkerLoop({ name: 'spec', channels: [], everyMs: settings.everyMs ?? 3_600_000, lanes: settings.lanes }, rounds.round, context);
    loops.push(loop);
    return loop;
  };
  afterEach(async () => {
    for (const loop of loops.splice(0)) await loop.stop();
  });

  it('runs a round at start, and once more after it when woken meanwhile, never two at once', async () => {
    const rounds = new Rounds();
    const loop = loopOf(rounds);
    await loop.start();
    expect(rounds.started).toBe(1);
    loop.wake();
    loop.wake();
    expect(rounds.running).toBe(1);
    rounds.finish();
    await until(() => rounds.started === 2, 'the round the wake asked for');
    rounds.finish();
    await until(() => rounds.finished === 2, 'the second round to end');
    expect(rounds.most).toBe(1);
    expect(rounds.started).toBe(2);
  });

  it('runs its lanes side by side, each going on while its round reports more work', async () => {
    const rounds = new Rounds();
    const loop = loopOf(rounds, { lanes: 3 });
    await loop.start();
    expect(rounds.running).toBe(3);
    rounds.finish('more');
    await until(() => rounds.started === 4, 'the lane to take the next round');
    expect(rounds.running).toBe(3);
    const stopping = loop.stop();
    for (let i = 0; i < 3; i++) rounds.finish();
    await stopping;
    expect(rounds.started).toBe(4);
  });

  it('polls on the injected clock: time moved past the period starts a round without a wake-up', async () => {
    const rounds = new Rounds();
    const loop = loopOf(rounds, { everyMs: 60_000 });
    await loop.start();
    rounds.finish();
    await until(() => rounds.running === 0, 'the first round to end');
    offset += 61_000;
    await until(() => rounds.started === 2, 'the poll on the moved clock');
    rounds.finish();
  });

  it('runs again when a round asks for it in some milliseconds', async () => {
    const rounds = new Rounds();
    const loop = loopOf(rounds);
    await loop.start();
    rounds.finish(50);
    await until(() => rounds.started === 2, 'the round asked for in 50 ms');
    rounds.finish();
  });

  it('stops cleanly: waits for the round in flight and starts none after', async () => {
    const rounds = new Rounds();
    const loop = loopOf(rounds);
    await loop.start();
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    loop.wake();
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    rounds.finish('more');
    await stopping;
    expect(rounds.started).toBe(1);
    expect(loop.started).toBe(false);
  });
});
