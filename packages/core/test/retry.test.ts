import { jest } from '@jest/globals';
import { Backoff, networkErrorText, sleep } from '../src/retry.js';
import { outageBackoff } from '../src/health/transport.js';

/** Whether the promise settles once the fake clock has moved `ms`. */
async function settlesAfter(p: Promise<void>, ms: number): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  await jest.advanceTimersByTimeAsync(ms);
  return done;
}

/** The waits a Backoff makes, read off the fake clock. */
async function waits(b: Backoff, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = Date.now();
    const p = b.wait();
    while (!(await settlesAfter(p, 10))) {
      /* advance in 10 ms steps */
    }
    out.push(Date.now() - start);
  }
  return out;
}

describe('retry', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('Backoff doubles from min up to max, and starts over after reset', async () => {
    const b = new Backoff(250, 1000);
    expect(await waits(b, 4)).toEqual([250, 500, 1000, 1000]);
    b.reset();
    expect(await waits(b, 2)).toEqual([250, 500]);
  });

  it("a gate's outage backoff is 250 ms doubling up to the poll interval, at most 5 s, at least 250 ms", async () => {
    expect(await waits(outageBackoff(2000), 5)).toEqual([250, 500, 1000, 2000, 2000]);
    expect(await waits(outageBackoff(60_000), 7)).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
    expect(await waits(outageBackoff(100), 2)).toEqual([250, 250]);
  });

  it('sleep ends early, without throwing, when the signal aborts', async () => {
    const ctl = new AbortController();
    const p = sleep(60_000, ctl.signal);
    expect(await settlesAfter(p, 1000)).toBe(false);
    ctl.abort();
    expect(await settlesAfter(p, 0)).toBe(true);
    ctl.abort();
    expect(await settlesAfter(sleep(60_000, ctl.signal), 0)).toBe(true);
  });

  it('names a network failure by its system error code, else its message', () => {
    expect(
      networkErrorText(new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) })),
    ).toBe('ECONNREFUSED');
    expect(networkErrorText(new TypeError('fetch failed', { cause: new Error('other side closed') }))).toBe('other side closed');
    expect(networkErrorText(new Error('plain'))).toBe('plain');
    expect(networkErrorText('text')).toBe('text');
  });
});
