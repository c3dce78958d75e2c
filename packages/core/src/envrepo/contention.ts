/**
 * Writing under contention: what an adapter tells the verb when the branch is busy, and how long
 * the verb waits before it looks again.
 *
 * A failed compare-and-swap costs a write request (GitHub counts those against its secondary
 * limits); looking at the branch costs none. So an adapter looks just before writing and writes
 * only when the branch is quiet. When it moved but none of the files the change was computed from
 * did (the per-file check GitLab's `last_commit_id` makes on the server), the change is still
 * right on the new head: the adapter says so with BranchMovedError (`keepPlan`) and the verb
 * waits and tries again with the same plan, reading nothing again.
 */
import { ConflictError } from '../errors.js';

export interface ContentionSeen {
  /** Clients estimated to be writing this branch now, us included. */
  writers: number;
  /** How long one look-and-write takes against this forge now (ms). */
  cycleMs?: number;
  /** A write was made and lost (rather than held back). */
  lost: boolean;
  /** Our place in the queue comes up in this long (WriteTurn): wait exactly that, no jitter. */
  waitMs?: number;
}

/** The branch is busy; `keepPlan`: none of our files moved, the edit still applies on the new head. */
export class BranchMovedError extends ConflictError {
  constructor(
    message: string,
    fix: string | undefined,
    /** The head found just now. */
    readonly head: string,
    /** Commits that landed between our parent and that head, where the forge said. */
    readonly landed: number | undefined,
    readonly keepPlan: boolean,
    readonly seen: ContentionSeen,
  ) {
    super(message, fix);
  }
}

/** Headers as octokit hands them (a plain object, lower-case names) or as a fetch does (any fetch: undici's own class is not the global one). */
type HeaderBag = Record<string, unknown> | Pick<Headers, 'get'> | undefined;

function header(h: HeaderBag, name: string): string | undefined {
  if (!h) return undefined;
  const v = typeof h.get === 'function' ? (h as Pick<Headers, 'get'>).get(name) : (h as Record<string, unknown>)[name];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

/**
 * The forge's count of requests made on our credential in the current rate-limit window, if it
 * sends one. GitHub: `x-ratelimit-used` of the `core` resource, on every REST answer. GitLab:
 * `RateLimit-Observed` (Rack Attack's count for the user, in a window ending at
 * `RateLimit-Reset`), on GitLab.com and on a self-managed instance with the API throttle enabled —
 * there on throttled answers only unless unthrottled answers are set to carry it too.
 */
function requestCount(h: HeaderBag): { used: number; reset?: string; fixedWindows?: boolean } | undefined {
  const github = header(h, 'x-ratelimit-used');
  if (github !== undefined) {
    const resource = header(h, 'x-ratelimit-resource');
    if (resource !== undefined && resource !== 'core') return undefined;
    return { used: Number(github), reset: header(h, 'x-ratelimit-reset') };
  }
  const gitlab = header(h, 'ratelimit-observed');
  if (gitlab === undefined) return undefined;
  // A web or git throttle's count says nothing of API clients.
  const name = header(h, 'ratelimit-name');
  if (name !== undefined && !/api/.test(name)) return undefined;
  // Rack Attack counts in fixed windows: a later reset is a new window.
  const reset = header(h, 'ratelimit-reset');
  return { used: Number(gitlab), reset, fixedWindows: reset !== undefined && Number.isFinite(Number(reset)) };
}

/**
 * What an API client can see of others at no cost: the forge's request count for the credential
 * (see requestCount: an App installation, a PAT, a repository's GITHUB_TOKEN; a GitLab user,
 * which a CI_JOB_TOKEN acts as) moving by more than our own requests means other clients are at
 * work — during a release train, other promotions. And the latency of our own requests.
 */
export class ContentionMeter {
  private own = 0;
  private firstOwn = -1;
  /** The current window: the count before our first request in it, our requests then, the highest count, its reset. */
  private window = { used: -1, own: 0, max: -1, reset: undefined as string | undefined };
  /** Others' requests in earlier windows. */
  private carried = 0;
  private lastReadMs: number | undefined;
  private writeMs: number | undefined;

  /** One response (or error response) of ours, with its headers and how long it took. */
  observe(headers: HeaderBag, ms: number, write: boolean): void {
    if (write) this.writeMs = this.writeMs === undefined ? ms : 0.7 * this.writeMs + 0.3 * ms;
    else this.lastReadMs = ms;
    const count = requestCount(headers);
    if (!count || !Number.isFinite(count.used)) return;
    this.own++;
    if (this.firstOwn < 0) this.firstOwn = this.own - 1;
    const w = this.window;
    // A new window counts from zero again. With fixed windows (GitLab), a later reset says so and
    // an earlier one is a late answer from the window before. Otherwise (GitHub, whose window
    // moves at its first request): well below the highest count, with another reset time —
    // answers arrive out of order, so a slightly lower count alone is no new window.
    const later = Number(count.reset) - Number(w.reset);
    if (count.fixedWindows && w.used >= 0 && later < 0) {
      // Ours, but counted in the window before: not one of this window's.
      w.own++;
      return;
    }
    const newWindow =
      w.used < 0 ||
      (count.fixedWindows ? later > 0 : count.used < w.max / 2 && (count.reset === undefined ? count.used < w.max - 1000 : count.reset !== w.reset));
    if (newWindow) {
      // All the count before ours in a window that started again is others' (none of ours: the
      // window opened after our last answer); before our very first request, nobody knows.
      this.carried += this.foreignIn(w);
      this.window = { used: w.used < 0 ? count.used - 1 : 0, own: this.own - 1, max: count.used, reset: count.reset };
      return;
    }
    w.max = Math.max(w.max, count.used);
    if (count.used === w.max) w.reset = count.reset;
  }

  private foreignIn(w: { used: number; own: number; max: number }): number {
    return w.used < 0 ? 0 : Math.max(0, w.max - w.used - (this.own - 1 - w.own));
  }

  /** Whether this forge counts our requests where we can see it (else nothing here knows of others). */
  get counting(): boolean {
    return this.firstOwn >= 0;
  }

  /**
   * Clients at work since our first request, us included: the others did what we did meanwhile
   * (planned a promotion), so it is their requests over ours, plus one.
   */
  writersWhilePlanning(): number {
    if (this.firstOwn < 0) return 1;
    return 1 + this.foreign() / Math.max(1, this.ownRequests());
  }

  /** Others' requests on the credential since our first counted one. */
  foreign(): number {
    const w = this.window;
    return this.carried + Math.max(0, w.max - w.used - (this.own - w.own));
  }

  /** Our requests since the first counted one. */
  ownRequests(): number {
    return this.firstOwn < 0 ? 0 : this.own - this.firstOwn;
  }

  /**
   * How long a write of ours is exposed to another's, from the latest read (the look just made, or
   * a read made to time the forge): a look plus a write, or the write alone where the adapter
   * writes without looking (GitLab: the server checks our files itself). What a cycle costs now,
   * not what it cost while every client was planning at once. Before our first write, a write is
   * taken to cost `writePerRead` of that read.
   */
  freshCycleMs(look: boolean, writePerRead: number): number | undefined {
    if (this.lastReadMs === undefined) return undefined;
    const write = this.writeMs ?? writePerRead * this.lastReadMs;
    return look ? this.lastReadMs + write : write;
  }
}

/**
 * Cycles of the window per writer. Writes spread uniformly at one per SPREAD cycles lose to one
 * that landed between their look and their write about 1 - e^(-1/SPREAD) of the time: 28 % at 3,
 * so some 1.4 writes per promotion, within GitHub's secondary limits' 2; the wider, the slower.
 */
export const SPREAD = 3;

/**
 * A writer's place in the queue of writers that found the branch busy: drawn once, uniformly, when
 * it first held back. Its write is due at start + place × SPREAD × writers × cycle, with the cycle
 * re-measured at every look, so the writes land spread uniformly over the time the crowd needs.
 *
 * The cycle measured while every client planned at once is no unit: the forge then answered each
 * of them that much slower. Shared among them (latency ÷ writers) it is a floor, and it only
 * decides when to look again. Later looks time the write by the fastest cycle seen; one far above
 * that floor and faster than the look before it may still be slowed by others (the last
 * planners, a stall on a loaded runner): it moves the write at most halfway out, and the next
 * look decides. Where the crowd does not slow the forge (github.com), two looks at the same pace
 * do.
 */
export class WriteTurn {
  private readonly place: number;
  private start: number | undefined;
  private writers = 1;
  private floorMs = 0;
  /** The shortest cycle a look measured since. */
  private bestMs = Infinity;
  private done = false;
  private losses = 0;

  constructor(
    random: () => number = Math.random,
    /** Cycles per writer (SPREAD unless the forge exposes a write for less than a whole cycle). */
    private readonly spread = SPREAD,
    /**
     * Trust no single look: where the cycle is timed by one light read scaled up (GitLab: a write
     * taken as four reads), one read slowed by a stall puts the write seconds late.
     */
    private readonly confirm = false,
  ) {
    this.place = random();
  }

  /** Hold back: `writers` clients (us included) were seen at work while we planned, and a cycle took `crowdCycleMs` then; the wait before the next look (0: write now). */
  begin(writers: number, crowdCycleMs: number, now = performance.now()): number {
    this.start = now;
    this.writers = writers;
    this.floorMs = crowdCycleMs / writers;
    // Look again early rather than late: a look costs a read, a late write the crowd's time.
    const wait = this.due(this.floorMs / CALM, now);
    if (wait === 0) this.done = true;
    return wait;
  }

  /** At the first look (`first`: begin with `writers`) or a later one: the wait before the next look, 0: write now. */
  at(first: boolean, writers: number, cycleMs: number): number {
    return first ? this.begin(writers, cycleMs) : this.next(cycleMs);
  }

  /** Whether we are still waiting for our place (begun, and not yet written). */
  get waiting(): boolean {
    return this.start !== undefined && !this.done;
  }

  /** At a look that measured `cycleMs`: how long to wait before the next look, or 0: write now. */
  next(cycleMs: number, now = performance.now()): number {
    const before = this.bestMs;
    this.bestMs = Math.min(this.bestMs, cycleMs);
    // Calm next to the crowd's floor, or no better than the look before (the forge's pace held).
    const trusted = (before !== Infinity || !this.confirm) && (cycleMs <= CALM * this.floorMs || cycleMs * STEADY >= before);
    const wait = this.due(this.bestMs, now);
    // Due within a cycle: looking again would take longer than the wait.
    if (wait <= this.bestMs) {
      this.done = true;
      return 0;
    }
    if (trusted) return wait;
    // Not yet trusted: halfway out at most, and no later than the write would be due at a calm pace.
    const calmPace = CALM * this.floorMs;
    return Math.max(Math.min(this.bestMs, calmPace), Math.min(Math.round(wait / 2), this.due(calmPace, now)));
  }

  /**
   * After a write of ours lost anyway: a new place among the `writers` still to land, at the
   * fastest cycle a look measured (a lost write's own latency was taken while others wrote too),
   * the window doubled for every further loss. Undefined when we never queued (no crowd seen).
   */
  lostWait(writers: number, random: () => number = Math.random): number | undefined {
    if (this.start === undefined) return undefined;
    this.losses++;
    const cycle = Number.isFinite(this.bestMs) ? this.bestMs : CALM * this.floorMs;
    return Math.round(random() * this.spread * Math.max(1, writers) * cycle * 2 ** Math.min(this.losses - 1, 6));
  }

  private due(cycleMs: number, now: number): number {
    return Math.max(0, Math.round(this.start! + this.place * this.spread * this.writers * cycleMs - now));
  }
}

/** A look is calm when its cycle is at most this many times the crowd's floor (measured: 2–3× when calm, 10–40× while others plan). */
const CALM = 4;
/** A look no more than this much faster than the best before says the forge's pace held (a forge never inflated by the crowd: real GitHub). */
const STEADY = 1.5;

export interface BackoffPolicy {
  /** Shortest window of the first wait, ms. */
  minTimeout: number;
  /** Longest window, ms. */
  maxTimeout: number;
}

/** The verb is to wait `seen.waitMs` for our place in the queue of `crowd` writers; the plan holds. */
export function heldForTurn(where: { branch: string; display: string; head: string; landed?: number }, crowd: number, seen: ContentionSeen): BranchMovedError {
  return new BranchMovedError(
    `${where.branch} of ${where.display} is busy (about ${Math.round(crowd)} clients at work): waiting for our turn`,
    'look again',
    where.head,
    where.landed,
    true,
    seen,
  );
}

/** Longest window without a measured cycle (the earlier fixed policy's cap). */
const NO_MEASURE_CAP_MS = 5000;

/**
 * Full-jitter backoff whose unit is learned, not fixed: a look-and-write cycle against this
 * forge, as the adapter measured it (else how long our attempts took), times the writers still
 * to land — each gets SPREAD cycles of the window. A write we lost takes a new place among the
 * writers left; a second loss doubles the window (it was too narrow for the crowd). A wait the
 * adapter gave exactly (a WriteTurn's place) is taken as given.
 */
export class AdaptiveBackoff {
  private attemptMs: number | undefined;
  private losses = 0;

  constructor(
    private readonly policy: BackoffPolicy,
    private readonly random: () => number = Math.random,
  ) {}

  /** One attempt took `ms` (plan or look, and write). */
  observe(ms: number): void {
    this.attemptMs = this.attemptMs === undefined ? ms : 0.7 * this.attemptMs + 0.3 * ms;
  }

  /** The wait before the next look. */
  next(seen?: ContentionSeen): number {
    if (seen?.waitMs !== undefined) return Math.min(this.policy.maxTimeout, seen.waitMs);
    if (!seen || seen.lost) this.losses++;
    if (!seen?.cycleMs) {
      // Nothing measured by the adapter: plain exponential full jitter from minTimeout, as short
      // waits as the branch allows (an attempt's own duration includes re-planning, so it is no unit).
      // With the plan kept (BranchMovedError), the re-read we skip would have spaced the tries
      // apart: wait that long instead (measured with 20 git writers: re-trying sooner collided more).
      const window = this.policy.minTimeout * 2 ** Math.min(this.losses, 10) * Math.max(seen?.writers ?? 1, 1) + (seen ? (this.attemptMs ?? 0) : 0);
      return Math.round(this.random() * Math.min(this.policy.maxTimeout, NO_MEASURE_CAP_MS, window));
    }
    // A first loss takes a new place among the writers left (as WriteTurn); later ones double it.
    const window = seen.cycleMs * SPREAD * Math.max(seen.writers, 1) * 2 ** Math.min(Math.max(0, this.losses - 1), 6);
    return Math.round(this.random() * Math.min(this.policy.maxTimeout, Math.max(this.policy.minTimeout / 4, window)));
  }
}
