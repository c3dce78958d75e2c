/**
 * Reading what an environment ran and when, from the file's history: which commit set each tag,
 * what the verification records say about it, and which rollback moved away from it. Shared by
 * `status` (the current period only) and `history` (every period in the window).
 *
 * Economy: a commit carrying our trailers (Gitops-App/Env/To) says which tag it set, so only
 * commits without them (hand edits, another key of the same file) are read at that commit.
 * Verification records are read per commit, once (memoised), newest first, and only until one
 * answers.
 */
import type { EnvTarget } from '../config/index.js';
import type { EnvRepo, HistoryEntry, Verification } from '../envrepo/port.js';
import { readScalar } from '../manifest/index.js';
import { tagOf } from './plan.js';
import { trailerEvent, verificationContext } from './verdicts.js';

/** The tag at `key` of a file's text; null for a YAML null or empty value (no tag). */
export function tagIn(text: string, key: string, file: string): string | null {
  return tagOf(readScalar(text, key, file));
}

/** Verification records per commit, each commit asked once (status and blockedTags share it). */
export class VerificationCache {
  private readonly byCommit = new Map<string, Promise<Verification[]>>();
  constructor(private readonly repo: EnvRepo) {}

  of(commit: string): Promise<Verification[]> {
    let p = this.byCommit.get(commit);
    if (!p) {
      p = this.repo.verifications(commit);
      this.byCommit.set(commit, p);
    }
    return p;
  }

  /** The repo, with verifications() answered from this cache (for code that takes an EnvRepo). */
  get repoView(): EnvRepo {
    const of = (commit: string) => this.of(commit);
    return new Proxy(this.repo, {
      get(target, prop) {
        if (prop === 'verifications') return of;
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }
}

export interface Verdict {
  state: 'success' | 'failure' | 'pending' | 'unverified';
  /** The commit the record is on. */
  commit?: string;
  /** When the record was made. */
  at?: string;
  url?: string;
  description?: string;
}

/** The newest record for app+env among `commits` (newest first); `unverified` when none has one. */
export async function verdictOf(cache: VerificationCache, app: string, env: string, commits: readonly HistoryEntry[]): Promise<Verdict> {
  const context = verificationContext(app, env);
  for (const c of commits) {
    const v = (await cache.of(c.sha)).find((r) => r.context === context);
    if (v) {
      return {
        state: v.state,
        commit: c.sha,
        ...(v.at ? { at: v.at } : {}),
        ...(v.targetUrl ? { url: v.targetUrl } : {}),
        ...(v.description ? { description: v.description } : {}),
      };
    }
  }
  return { state: 'unverified' };
}

/** The pull/merge request a commit message names: squash `title (#12)`, `Merge pull request #12`, GitLab `See merge request g/p!12`. */
export function changeRequestOf(message: string): number | undefined {
  const subject = message.split('\n', 1)[0] ?? '';
  const m = /^Merge pull request #(\d+)\b/.exec(subject) ?? /\(#(\d+)\)\s*$/.exec(subject) ?? /See merge request [^\s!]+!(\d+)/.exec(message);
  return m ? Number(m[1]) : undefined;
}

/** One commit of the file's history with the value the key had there. */
export interface ValuedCommit extends HistoryEntry {
  /** The tag at this commit; null for a null/empty value; undefined when the file or key did not exist. */
  value: string | null | undefined;
  /** Set by our tooling (its trailers), not read from the file. */
  byTrailer: boolean;
  /** `Gitops-Rollback-Of` of this commit, for app+env. */
  rolledBackFrom?: string;
}

type Target = Pick<EnvTarget, 'app' | 'env' | 'file' | 'key'>;

/**
 * The value at one commit: from our trailers when the commit is ours for app+env, else read.
 * Another app's or environment's commit of the same file keeps ours as its parent had it, so it
 * is read too (it may have been a hand edit with borrowed trailers) — only ours is trusted.
 */
export async function valueAt(repo: EnvRepo, target: Target, entry: HistoryEntry): Promise<ValuedCommit> {
  const ev = trailerEvent(entry.message, target.app, target.env);
  const base = { ...entry, ...(ev.rolledBackFrom ? { rolledBackFrom: ev.rolledBackFrom } : {}) };
  if (ev.to !== undefined) return { ...base, value: ev.to, byTrailer: true };
  const text = await repo.readFile(target.file, entry.sha);
  let value: string | null | undefined;
  try {
    value = text === null ? undefined : tagIn(text, target.key, target.file);
  } catch {
    value = undefined; // the key did not exist then, or the file was broken
  }
  return { ...base, value, byTrailer: false };
}

/** A stretch of history during which the environment ran one tag. */
export interface Period {
  tag: string | null;
  /** The commit that set it (the oldest of the stretch), with its date. */
  setBy: ValuedCommit;
  /** Every commit of the stretch, newest first (records may sit on any of them). */
  commits: ValuedCommit[];
  /** The window ended inside this stretch: it may have started earlier. */
  beyondDepth: boolean;
}

/**
 * The current period: walk newest first while the value stays `current`. A commit of ours that
 * set `current` is where it began (our tooling never commits a value over itself), so the walk
 * stops there without reading anything older.
 */
export async function currentPeriod(
  repo: EnvRepo,
  target: Target,
  current: string | null,
  history: readonly HistoryEntry[],
  depth: number,
): Promise<Period | null> {
  const run: ValuedCommit[] = [];
  for (const entry of history) {
    const c = await valueAt(repo, target, entry);
    if (c.value !== current) break;
    run.push(c);
    if (c.byTrailer) return { tag: current, setBy: c, commits: run, beyondDepth: false };
  }
  if (run.length === 0) return null;
  return { tag: current, setBy: run[run.length - 1], commits: run, beyondDepth: run.length === history.length && history.length >= depth };
}

/** Every period in the window, newest first. Commits without our trailers are read once each. */
export async function periods(repo: EnvRepo, target: Target, history: readonly HistoryEntry[], depth: number): Promise<Period[]> {
  const out: Period[] = [];
  let open: ValuedCommit[] = [];
  const close = (beyondDepth: boolean) => {
    if (open.length === 0) return;
    const first = open[0];
    if (first.value !== undefined) out.push({ tag: first.value, setBy: open[open.length - 1], commits: open, beyondDepth });
    open = [];
  };
  for (const entry of history) {
    const c = await valueAt(repo, target, entry);
    if (open.length > 0 && open[0].value !== c.value) close(false);
    // A trailer commit of ours set its value here: the stretch is complete once it is in.
    open.push(c);
    if (c.byTrailer) close(false);
  }
  close(history.length >= depth);
  return out;
}
