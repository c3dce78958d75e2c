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
import { ROLLBACK_OF, parseTrailers } from '../naming.js';

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

/**
 * Blocked tags of `target` as seen from `head`, newest decision first. With `opts.tag`, at most
 * that tag (an empty list: it may be promoted).
 */
export async function blockedTags(repo: EnvRepo, target: VerdictTarget, head: string, opts: BlockedTagsOptions = {}): Promise<BlockedTag[]> {
  const history = opts.history ?? (await repo.history(target.file, head, opts.depth ?? 30));
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
