/**
 * Newer revisions that contain ours. In a busy env repo another pipeline often pushes an
 * unrelated commit right after ours, and the target then reports that commit, never ours. The
 * caller's `acceptRevision` predicate says whether a reported revision contains the expected one;
 * when it does, the gate evaluates exactly as if that revision were the expected one (every other
 * rule still applies to it), so stale status is still never trusted. The pure evaluators never see
 * the predicate: the gates resolve the effective expected revision first (this module).
 */
import { messageOf } from '../errors.js';
import { sameRevision, shortRevision } from './revision.js';
import type { GateObservation, ObserveOptions } from './types.js';

type Answer = { kind: 'pending'; promise: Promise<boolean> } | { kind: 'done'; accepted: boolean } | { kind: 'failed'; at: number };

export class RevisionAcceptance {
  private readonly expected: string | undefined;
  private readonly accept: ((reported: string) => Promise<boolean>) | undefined;
  /** One answer per reported revision: in flight (shared), final, or failed (retried later). */
  private readonly answers = new Map<string, Answer>();
  private readonly retryAfterMs: number;

  constructor(private readonly o: Pick<ObserveOptions, 'revision' | 'acceptRevision' | 'log' | 'signal' | 'pollIntervalMs'>) {
    this.expected = o.revision;
    this.accept = o.revision ? o.acceptRevision : undefined;
    this.retryAfterMs = Math.max(5000, o.pollIntervalMs);
  }

  /**
   * Argo CD: the compared entries (one, or one per compared source). The effective revision is
   * the reported one when every entry names the same revision and the predicate accepts it;
   * otherwise the expected one (mixed entries keep waiting, as before).
   */
  async resolveAll(reported: (string | undefined)[]): Promise<string | undefined> {
    const expected = this.expected;
    if (!expected || !this.accept || reported.length === 0) return expected;
    if (reported.every((r) => sameRevision(r, expected))) return expected;
    const differing = [...new Set(reported.filter((r): r is string => !!r && !sameRevision(r, expected)))];
    const answers = await Promise.all(differing.map((r) => this.accepted(r)));
    const only = differing[0];
    if (differing.length === 1 && only && answers[0] && reported.every((r) => r === only)) return only;
    return expected;
  }

  /**
   * Flux: candidates newest first (last attempted, then last applied). The first that names the
   * expected revision keeps it; else the first the predicate accepts becomes the effective one.
   */
  async resolveFirst(candidates: (string | undefined)[]): Promise<string | undefined> {
    const expected = this.expected;
    if (!expected || !this.accept) return expected;
    for (const c of candidates) {
      if (!c) continue;
      if (sameRevision(c, expected)) return expected;
      if (await this.accepted(c)) return c;
    }
    return expected;
  }

  /** The reason says which revision was accepted for ours. */
  annotate(ob: GateObservation, effective: string | undefined): GateObservation {
    if (!this.expected || !effective || effective === this.expected) return ob;
    return { ...ob, reason: `${ob.reason} (${shortRevision(effective)} contains ${shortRevision(this.expected)})` };
  }

  /** The predicate's answer for `reported`: cached, one call in flight, errors → false (retried later). */
  async accepted(reported: string): Promise<boolean> {
    const accept = this.accept;
    const expected = this.expected;
    if (!accept || !expected) return false;
    const known = this.answers.get(reported);
    if (known?.kind === 'done') return known.accepted;
    if (known?.kind === 'failed' && Date.now() - known.at < this.retryAfterMs) return false;
    let promise: Promise<boolean>;
    if (known?.kind === 'pending') {
      promise = known.promise;
    } else {
      promise = (async () => {
        try {
          const yes = (await accept(reported)) === true;
          this.answers.set(reported, { kind: 'done', accepted: yes });
          if (yes) this.o.log('info', `accepting ${shortRevision(reported)}, which contains ${shortRevision(expected)}`);
          else this.o.log('debug', `not accepting ${shortRevision(reported)}: it does not contain ${shortRevision(expected)}`);
          return yes;
        } catch (err) {
          this.answers.set(reported, { kind: 'failed', at: Date.now() });
          this.o.log('debug', `could not tell whether ${shortRevision(reported)} contains ${shortRevision(expected)} (${messageOf(err)}); not accepting it`);
          return false;
        }
      })();
      this.answers.set(reported, { kind: 'pending', promise });
    }
    return untilAborted(promise, this.o.signal);
  }
}

/** The promise's value, or false as soon as the signal aborts (the caller's deadline wins). */
function untilAborted(p: Promise<boolean>, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    const onAbort = () => resolve(false);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve(false);
      },
    );
  });
}
