/**
 * Waiting between attempts, shared by every client that retries (the gates, the GitLab client):
 * an abortable sleep, doubling backoff, and the short name of a network failure for messages.
 * p-retry runs the bounded retry loops; these are the pieces the hand-written loops (a gate rides
 * out an outage until its deadline) and the error messages have in common.
 */

/** Sleep that resolves early (without throwing) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Waits that double from `min` to `max` milliseconds; reset() once the other side answers again. */
export class Backoff {
  private current: number;

  constructor(
    private readonly min: number,
    private readonly max: number,
  ) {
    this.current = min;
  }

  /** Sleep the current wait (ending early on abort), then double it, up to max. */
  async wait(signal?: AbortSignal): Promise<void> {
    await sleep(this.current, signal);
    this.current = Math.min(this.current * 2, this.max);
  }

  reset(): void {
    this.current = this.min;
  }
}

/** What a failed fetch/request says went wrong: the system error code (ECONNREFUSED …) when there is one. */
export function networkErrorText(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}
