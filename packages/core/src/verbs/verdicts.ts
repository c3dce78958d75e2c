/**
 * Verdicts: which tags an environment must not be promoted to again. A tag is blocked when the
 * newest thing the env repo and the forge say about it in that environment is bad:
 *   - a rollback away from it (a commit with `Gitops-Rollback-Of: <tag>`), or
 *   - a failure record (`gitops/<app>/<env>` commit status / git note) on a commit that set it.
 * A later success record on a commit that set the tag clears it; a commit made by hand (no
 * trailers) neither blocks nor clears. Reads only what promote and rollback read anyway: the
 * file's history (one request), and verification records only of commits that set a tag still
 * undecided — with `tag` given, usually none or one; none where the history came with each
 * commit's records (HistoryEntry.verifications: GitHub's GraphQL, see readVerdictHistories).
 */
import type { EnvRepo, HistoryEntry } from '../envrepo/port.js';
import { EARLIER_TAGS, NO_EARLIER_TAGS, ROLLBACK_OF, parseTrailers } from '../naming.js';

export interface BlockedTag {
  tag: string;
  reason: 'failed-verification' | 'rolled-back';
  /** The rollback commit, or the commit whose verification failed. */
  commit: string;
  /** ISO 8601: when the verification was recorded (else when its commit was made), or the rollback commit's date. */
  date?: string;
  /** Web URL of the commit, or the failed verification's target URL. */
  url?: string;
  /** The failed verification's description, when it has one. */
  description?: string;
}

export interface VerdictTarget {
  app: string;
  env: string;
  file: string;
  key: string;
  branch: string;
}

export interface BlockedTagsOptions {
  /** Only decide this tag (cheapest: stops at its newest decisive event). */
  tag?: string;
  /** Commits of the file's history to read (default 30). */
  depth?: number;
  /** The file's history, newest first, when the caller already read it. */
  history?: readonly HistoryEntry[];
}

export function verificationContext(app: string, env: string): string {
  return `gitops/${app}/${env}`;
}

/** What one commit of the file's history says about tags of app+env, from its trailers. */
export interface TrailerEvent {
  /** The tag this commit set (`Gitops-To`), when ours. */
  to?: string;
  /** The tag this commit rolled away from (`Gitops-Rollback-Of`), when ours. */
  rolledBackFrom?: string;
}

/** Our trailers on a commit for app+env; a commit for another app/env of the same file says nothing. */
export function trailerEvent(message: string, app: string, env: string): TrailerEvent {
  const t = parseTrailers(message);
  const tApp = t.get('Gitops-App');
  const tEnv = t.get('Gitops-Env');
  if (tApp === undefined && tEnv === undefined) return {};
  if ((tApp ?? app) !== app || (tEnv ?? env) !== env) return {};
  const to = t.get('Gitops-To');
  const from = t.get(ROLLBACK_OF);
  return { ...(to ? { to } : {}), ...(from ? { rolledBackFrom: from } : {}) };
}

// ---------------------------------------------------------------- the ledger (Gitops-Earlier-Tags)
//
// Deciding a tag means finding its newest decisive commit among the file's 30 newest changes. For a
// tag no earlier commit named (every new release), that is all 30 — on a long history where the
// file rarely changes, the whole history (in git mode: every commit, there is no path-limited log
// over the wire). So each commit we write names the tags our earlier commits of the file named,
// and the walk for a tag it does not list stops there. The list is built from the previous one
// (the newest commit with a list, plus the commits above it): a commit never reads deeper than
// the previous ledger to write its own, and writes one only from the history its own check read.

/** At most this many tags, newest first: every tag of the file's 29 earlier changes (≤ 2 each). */
export const LEDGER_TAGS = 58;
/** A longer list is not written (readers then walk, as for commits from before the ledger). */
const LEDGER_CHARS = 2000;

/** The tags a commit's ledger lists; undefined when it has none (made by hand, or before ledgers). */
export function earlierTags(message: string): string[] | undefined {
  const v = parseTrailers(message).get(EARLIER_TAGS);
  if (v === undefined) return undefined;
  return v === NO_EARLIER_TAGS ? [] : v.split(/\s+/).filter(Boolean);
}

/** history()'s `until` for a check: an entry whose ledger says no older commit can decide `tag`. */
export function ledgerSettles(tag: string): (entry: HistoryEntry) => boolean {
  return (entry) => {
    const listed = earlierTags(entry.message);
    return listed !== undefined && !listed.includes(tag);
  };
}

/**
 * The ledger of a new commit on the file whose history (newest first, from the new commit's
 * parent; it may end at the newest entry with a ledger) is `history`: the tags our commits in it
 * named, then that entry's list. Undefined when it would be too long to write.
 */
export function ledgerFor(history: readonly HistoryEntry[]): string[] | undefined {
  const tags = new Set<string>();
  for (const entry of history) {
    const t = parseTrailers(entry.message);
    for (const k of ['Gitops-To', ROLLBACK_OF]) {
      const v = t.get(k);
      if (v) tags.add(v);
    }
    const listed = earlierTags(entry.message);
    if (listed) {
      for (const tag of listed) tags.add(tag);
      break;
    }
  }
  const out = [...tags].slice(0, LEDGER_TAGS);
  return out.join(' ').length > LEDGER_CHARS ? undefined : out;
}

/**
 * The file's history a check of `tag` needs, newest first: up to `depth` entries, ending early at
 * an entry whose ledger rules out any older decision on it (ledgerSettles).
 */
export function verdictHistory(repo: EnvRepo, file: string, head: string, tag?: string, depth = 30): Promise<HistoryEntry[]> {
  return repo.history(file, head, depth, tag === undefined ? undefined : { until: ledgerSettles(tag) });
}

/**
 * Blocked tags of `target` as seen from `head`, newest decision first. With `opts.tag`, at most
 * that tag (an empty list: it may be promoted).
 */
export async function blockedTags(repo: EnvRepo, target: VerdictTarget, head: string, opts: BlockedTagsOptions = {}): Promise<BlockedTag[]> {
  const history = opts.history ?? (await verdictHistory(repo, target.file, head, opts.tag, opts.depth));
  const settles = opts.tag === undefined ? undefined : ledgerSettles(opts.tag);
  const context = verificationContext(target.app, target.env);
  const decided = new Set<string>();
  const out: BlockedTag[] = [];
  const wanted = (tag: string) => !decided.has(tag) && (opts.tag === undefined || opts.tag === tag);
  for (const entry of history) {
    if (opts.tag !== undefined && decided.has(opts.tag)) break;
    const ev = trailerEvent(entry.message, target.app, target.env);
    const date = entry.date || undefined;
    const url = repo.commitUrl?.(entry.sha);
    // A commit that set a tag: its own verdict decides that tag (newest first).
    if (ev.to !== undefined && wanted(ev.to)) {
      const v = (entry.verifications ?? (await repo.verifications(entry.sha))).find((r) => r.context === context);
      if (v?.state === 'failure') {
        decided.add(ev.to);
        const when = v.at || date;
        out.push({
          tag: ev.to,
          reason: 'failed-verification',
          commit: entry.sha,
          ...(when ? { date: when } : {}),
          ...((v.targetUrl ?? url) ? { url: v.targetUrl ?? url } : {}),
          ...(v.description ? { description: v.description } : {}),
        });
      } else if (v?.state === 'success') {
        decided.add(ev.to);
      }
    }
    if (ev.rolledBackFrom !== undefined && wanted(ev.rolledBackFrom)) {
      decided.add(ev.rolledBackFrom);
      out.push({ tag: ev.rolledBackFrom, reason: 'rolled-back', commit: entry.sha, ...(date ? { date } : {}), ...(url ? { url } : {}) });
    }
    // No commit below this one named the tag: nothing older can decide it.
    if (settles?.(entry)) break;
  }
  return out;
}

/**
 * The histories the checks of several environments at `head` need, each commit with its records,
 * in one request where the forge can (EnvRepo.historiesWithRecords), plus the texts of `read` at
 * `head` (the adapter answers its next readFile of them). Absent paths (the forge cannot): each
 * check reads its own history over REST.
 */
export async function readVerdictHistories(
  repo: EnvRepo,
  head: string,
  paths: readonly string[],
  read: readonly string[] = [],
  depth = 30,
): Promise<Map<string, HistoryEntry[]>> {
  const unique = [...new Set(paths)];
  if (unique.length === 0 || !repo.historiesWithRecords) return new Map();
  return (await repo.historiesWithRecords(head, { paths: unique, limit: depth, read: [...new Set(read)] })) ?? new Map();
}

/** One line naming why `b` is blocked: the failed verification or the rollback, with its date. */
export function describeBlocked(b: BlockedTag, app: string, env: string): string {
  const on = b.date ? ` on ${b.date}` : '';
  if (b.reason === 'rolled-back') {
    return `${env}(${app}) was rolled back from ${b.tag} by ${b.commit.slice(0, 7)}${on}`;
  }
  const why = b.description ? ` (${b.description})` : '';
  return `${b.tag} failed verification ${verificationContext(app, env)} at ${b.commit.slice(0, 7)}${on}${why}`;
}
